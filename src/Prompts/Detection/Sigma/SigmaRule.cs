namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// One Sigma rule, parsed and compiled: its metadata as written plus the detection as an evaluator tree, built
/// once here so that matching never looks at YAML again.
/// </summary>
public sealed class SigmaRule
{
    internal SigmaRule(SigmaLogsource logsource, SigmaExpression detection, SigmaLogsourceFilter? logsourceFilter)
    {
        Logsource = logsource;
        Detection = detection;
        LogsourceFilter = logsourceFilter;
    }

    public required SigmaRuleMetadata Metadata { get; init; }

    public string Id => Metadata.Id;
    public string Title => Metadata.Title;

    /// <summary>The Sigma 2 <c>name</c>: a readable handle that correlation rules may refer to instead of the id.</summary>
    public string? Name => Metadata.Name;
    public string? Level => Metadata.Level;
    public IReadOnlyList<string> Tags => Metadata.Tags;

    /// <summary>The file the rule came from, when it came from one.</summary>
    public string? Source => Metadata.Source;

    public SigmaLogsource Logsource { get; }

    /// <summary>
    /// False when a correlation rule refers to this rule with <c>generate: false</c> (Sigma 2's default): its matches
    /// then feed the correlation only and must not be reported as findings of their own. Set when correlation
    /// references are resolved (<see cref="SigmaLoadResult.Combine"/>); a rule nothing refers to keeps true.
    /// </summary>
    public bool ReportsOnItsOwn { get; private init; } = true;

    /// <summary>False when no event shape we normalise can carry this logsource: the rule loads but never matches.</summary>
    public bool IsLogsourceMapped => LogsourceFilter is not null;

    internal SigmaExpression Detection { get; }

    internal SigmaLogsourceFilter? LogsourceFilter { get; }

    /// <summary>
    /// This rule with <see cref="ReportsOnItsOwn"/> as given: itself when it already is so, else a copy sharing the
    /// compiled detection, so that resolving one collection never changes a rule another collection holds.
    /// Every property is copied here (a test compares them all).
    /// </summary>
    internal SigmaRule WithReportsOnItsOwn(bool reports) => reports == ReportsOnItsOwn
        ? this
        : new SigmaRule(Logsource, Detection, LogsourceFilter) { Metadata = Metadata, ReportsOnItsOwn = reports };

    /// <summary>Parses and compiles one detection rule from a YAML document; several documents or a correlation rule go through <see cref="SigmaRuleLoader"/>.</summary>
    /// <exception cref="SigmaRuleException">The text is not a rule this engine supports; the reason says why.</exception>
    public static SigmaRule Parse(string yaml, string? source = null) => SigmaRuleParser.Parse(yaml, source);
}
