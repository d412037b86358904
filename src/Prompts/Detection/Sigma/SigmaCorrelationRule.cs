namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// A Sigma 2 correlation rule: a condition on the events that other rules matched, counted per group of
/// <see cref="GroupBy"/> values within <see cref="Timespan"/>. Parsed by the loader; its references are bound to
/// rules by <see cref="SigmaLoadResult.Combine"/>, over every rule that is used together.
/// </summary>
public sealed record SigmaCorrelationRule
{
    internal SigmaCorrelationRule()
    {
    }

    public required SigmaRuleMetadata Metadata { get; init; }

    public string Id => Metadata.Id;
    public string Title => Metadata.Title;

    /// <summary>The Sigma 2 <c>name</c>, by which other correlations could refer to this one.</summary>
    public string? Name => Metadata.Name;
    public string? Level => Metadata.Level;
    public IReadOnlyList<string> Tags => Metadata.Tags;
    public string? Source => Metadata.Source;

    public required SigmaCorrelationType Type { get; init; }

    /// <summary>The referenced rules as written (<c>correlation.rules</c>): a rule's <c>name</c> or <c>id</c>.</summary>
    public required IReadOnlyList<string> RuleReferences { get; init; }

    /// <summary>
    /// The rules of <see cref="RuleReferences"/>, in the same order, once resolved; empty before. Only
    /// <see cref="SigmaCorrelationSet"/> needs them, and it refuses a correlation that has none.
    /// </summary>
    public IReadOnlyList<SigmaRule> Rules { get; internal init; } = [];

    /// <summary>The fields whose values divide events into separately counted groups; none counts all events together.</summary>
    public IReadOnlyList<string> GroupBy { get; init; } = [];

    public required TimeSpan Timespan { get; init; }

    public required SigmaCorrelationCondition Condition { get; init; }

    /// <summary>
    /// <c>aliases</c>: a group-by name standing for a different field in the events of each rule, keyed by alias and
    /// then by rule reference (as written).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Aliases { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>
    /// <c>generate</c>: whether the referenced rules still report on their own (Sigma 2's default is false: they only
    /// feed this correlation; see <see cref="SigmaRule.ReportsOnItsOwn"/>).
    /// </summary>
    public bool Generate { get; init; }

    public bool IsResolved => Rules.Count > 0 && Rules.Count == RuleReferences.Count;

    /// <summary>
    /// For each alias, the field it stands for in the events of each referenced rule (by position in
    /// <see cref="Rules"/>; null where the alias names none). Filled when resolved.
    /// </summary>
    internal IReadOnlyDictionary<string, string?[]> AliasFields { get; init; } = new Dictionary<string, string?[]>();
}
