namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>What <see cref="SigmaRuleLoader.LoadFolder"/> found: the compiled rules and the files it skipped.</summary>
public sealed record SigmaLoadResult(IReadOnlyList<SigmaRule> Rules, IReadOnlyList<SigmaSkippedRule> Skipped)
{
    /// <summary>Rules that loaded but whose logsource no event of ours can have: they never match.</summary>
    public int UnmappedLogsourceCount => Rules.Count(r => !r.IsLogsourceMapped);
}
