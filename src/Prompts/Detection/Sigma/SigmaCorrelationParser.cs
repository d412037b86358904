using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using static Llama3Siem.Prompts.Detection.Sigma.SigmaRuleParser;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// A YAML document with a <c>correlation</c> section to <see cref="SigmaCorrelationRule"/>, following the Sigma 2
/// correlation specification; references stay names until <see cref="SigmaCorrelationResolver"/> binds them.
/// </summary>
internal static partial class SigmaCorrelationParser
{
    private static readonly Dictionary<string, SigmaCorrelationType> Types = new(StringComparer.Ordinal)
    {
        ["event_count"] = SigmaCorrelationType.EventCount,
        ["value_count"] = SigmaCorrelationType.ValueCount,
        ["temporal"] = SigmaCorrelationType.Temporal,
        ["temporal_ordered"] = SigmaCorrelationType.TemporalOrdered,
    };

    private static readonly Dictionary<string, SigmaCountOperator> Operators = new(StringComparer.Ordinal)
    {
        ["gt"] = SigmaCountOperator.Gt,
        ["gte"] = SigmaCountOperator.Gte,
        ["lt"] = SigmaCountOperator.Lt,
        ["lte"] = SigmaCountOperator.Lte,
        ["eq"] = SigmaCountOperator.Eq,
    };

    private static readonly Dictionary<char, TimeSpan> Units = new()
    {
        ['s'] = TimeSpan.FromSeconds(1),
        ['m'] = TimeSpan.FromMinutes(1),
        ['h'] = TimeSpan.FromHours(1),
        ['d'] = TimeSpan.FromDays(1),
    };

    public static bool IsCorrelation(YamlMappingNode root) => Child(root, "correlation") is not null;

    public static SigmaCorrelationRule Parse(YamlMappingNode root, string? source)
    {
        if (Child(root, "correlation") is not YamlMappingNode correlation)
        {
            throw Invalid("the correlation section is not a mapping");
        }

        var typeName = Scalar(correlation, "type") ?? throw Invalid("no type");
        if (!Types.TryGetValue(typeName, out var type))
        {
            throw new SigmaRuleException(SigmaSkipReasons.UnsupportedCorrelation + ":" + typeName, $"correlation type '{typeName}'");
        }

        var references = Strings(correlation, "rules");
        if (references.Count == 0)
        {
            throw Invalid("no rules");
        }

        return new SigmaCorrelationRule
        {
            Metadata = SigmaRuleMetadata.Read(root, source),
            Type = type,
            RuleReferences = references,
            GroupBy = Strings(correlation, "group-by"),
            Timespan = Timespan(Scalar(correlation, "timespan")),
            Condition = Condition(Child(correlation, "condition"), type, references.Count),
            Aliases = Aliases(Child(correlation, "aliases")),
            Generate = Generate(Child(correlation, "generate")),
        };
    }

    /// <summary><c>number + unit</c>, unit one of s, m, h, d (the specification's list).</summary>
    private static TimeSpan Timespan(string? text)
    {
        var parsed = text is null ? null : TimespanPattern().Match(text);
        if (parsed is not { Success: true } || !int.TryParse(parsed.Groups[1].Value, CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            throw Invalid($"timespan '{text}' is not a positive number followed by s, m, h or d");
        }

        return Units[parsed.Groups[2].Value[0]] * count;
    }

    private static SigmaCorrelationCondition Condition(YamlNode? node, SigmaCorrelationType type, int ruleCount)
    {
        var temporal = type is SigmaCorrelationType.Temporal or SigmaCorrelationType.TemporalOrdered;
        switch (node)
        {
            case null when temporal:
                // The specification's default for temporal correlations: every referenced rule must match.
                return new([new(SigmaCountOperator.Gte, ruleCount)]);
            case YamlScalarNode when temporal:
                throw new SigmaRuleException(SigmaSkipReasons.UnsupportedCorrelation + ":extended-condition", "a condition expression over rule names");
            case not YamlMappingNode:
                throw Invalid("no condition mapping");
        }

        var bounds = new List<SigmaCountBound>();
        string? field = null;
        foreach (var (keyNode, valueNode) in ((YamlMappingNode)node).Children)
        {
            var key = Text(keyNode);
            var value = (valueNode as YamlScalarNode)?.Value;
            if (key == "field")
            {
                field = value is { Length: > 0 } ? value : throw Invalid("condition field is empty");
            }
            else if (Operators.TryGetValue(key, out var op) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var threshold))
            {
                bounds.Add(new(op, threshold));
            }
            else
            {
                throw Invalid($"condition '{key}: {value}' is not gt, gte, lt, lte or eq with a whole number, nor field");
            }
        }

        if (bounds.Count == 0)
        {
            throw Invalid("the condition has no gt, gte, lt, lte or eq");
        }

        if (type == SigmaCorrelationType.ValueCount && field is null)
        {
            throw Invalid("a value_count condition needs a field");
        }

        return new(bounds, field);
    }

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Aliases(YamlNode? node)
    {
        var aliases = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (node is null)
        {
            return aliases;
        }

        if (node is not YamlMappingNode map)
        {
            throw Invalid("aliases is not a mapping");
        }

        foreach (var (aliasNode, fieldsNode) in map.Children)
        {
            if (fieldsNode is not YamlMappingNode fields || fields.Children.Any(f => Text(f.Key).Length == 0 || Text(f.Value).Length == 0))
            {
                throw Invalid($"alias '{Text(aliasNode)}' is not a mapping of rule names to field names");
            }

            aliases[Text(aliasNode)] = fields.Children.ToDictionary(f => Text(f.Key), f => Text(f.Value), StringComparer.Ordinal);
        }

        return aliases;
    }

    private static bool Generate(YamlNode? node) => node switch
    {
        null => false,
        YamlScalarNode { Value: var text } when bool.TryParse(text, out var generate) => generate,
        _ => throw Invalid("generate is not true or false"),
    };

    private static string Text(YamlNode node) => (node as YamlScalarNode)?.Value ?? string.Empty;

    private static SigmaRuleException Invalid(string detail) => new(SigmaSkipReasons.InvalidCorrelation, detail);

    [GeneratedRegex(@"^([0-9]+)([smhd])$")]
    private static partial Regex TimespanPattern();
}
