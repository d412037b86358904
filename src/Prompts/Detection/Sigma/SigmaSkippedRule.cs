namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// A file the loader did not turn into a rule. <paramref name="Reason"/> is a short category meant for counting
/// (<c>yaml-error</c>, <c>unsupported-modifier:expand</c>, <see cref="SigmaSkipReasons"/>);
/// <paramref name="Detail"/> says what exactly, for the operator.
/// </summary>
public sealed record SigmaSkippedRule(string File, string Reason, string Detail);
