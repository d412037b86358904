namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// What the loader found: the compiled detection rules, the correlation rules, and what it skipped. A result straight
/// from the loader has its correlations unresolved; <see cref="Combine"/> resolves them.
/// </summary>
public sealed record SigmaLoadResult(IReadOnlyList<SigmaRule> Rules, IReadOnlyList<SigmaSkippedRule> Skipped)
{
    public IReadOnlyList<SigmaCorrelationRule> Correlations { get; init; } = [];

    /// <summary>Rules that loaded but whose logsource no event of ours can have: they never match.</summary>
    public int UnmappedLogsourceCount => Rules.Count(r => !r.IsLogsourceMapped);

    /// <summary>
    /// Everything that is used together (the built-in rules, each folder an operator configured), with each
    /// correlation's references resolved over all of it: a correlation whose references name no rule, or several,
    /// moves to <see cref="Skipped"/>, and a rule referred to with <c>generate: false</c> comes back with
    /// <see cref="SigmaRule.ReportsOnItsOwn"/> false (a copy: the rules given are never changed). Build the
    /// <see cref="SigmaRuleSet"/> and the <see cref="SigmaCorrelationSet"/> from the one combined result, since a
    /// correlation recognises its rules by identity. Combining an already combined result resolves it afresh.
    /// </summary>
    public static SigmaLoadResult Combine(params SigmaLoadResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);

        // The same result given twice holds the same objects: once each, not an ambiguous reference.
        return SigmaCorrelationResolver.Resolve(
            results.SelectMany(r => r.Rules).Distinct(ReferenceEqualityComparer.Instance).Cast<SigmaRule>().ToList(),
            results.SelectMany(r => r.Correlations).Distinct(ReferenceEqualityComparer.Instance).Cast<SigmaCorrelationRule>().ToList(),
            results.SelectMany(r => r.Skipped).Distinct().ToList());
    }
}
