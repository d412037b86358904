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

    /// <summary>The rule's <c>id</c>; its title where it has none, so that every match names its rule.</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }
    public string? Status { get; init; }
    public string? Level { get; init; }
    public string? Description { get; init; }
    public string? Author { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> FalsePositives { get; init; } = [];
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The file the rule came from, when it came from one.</summary>
    public string? Source { get; init; }

    public SigmaLogsource Logsource { get; }

    /// <summary>False when no event shape we normalise can carry this logsource: the rule loads but never matches.</summary>
    public bool IsLogsourceMapped => LogsourceFilter is not null;

    internal SigmaExpression Detection { get; }

    internal SigmaLogsourceFilter? LogsourceFilter { get; }

    /// <summary>Parses and compiles one rule from YAML text.</summary>
    /// <exception cref="SigmaRuleException">The text is not a rule this engine supports; the reason says why.</exception>
    public static SigmaRule Parse(string yaml, string? source = null) => SigmaRuleParser.Parse(yaml, source);
}
