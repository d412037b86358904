namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>One rule that matched one event.</summary>
public sealed record SigmaMatch(string RuleId, string Title, string? Level, IReadOnlyList<string> Tags);
