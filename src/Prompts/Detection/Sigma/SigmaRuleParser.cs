using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>YAML to <see cref="SigmaRule"/>: reads the metadata, then hands the detection to the compiler.</summary>
internal static class SigmaRuleParser
{
    /// <summary>A text of exactly one detection rule (<see cref="SigmaRule.Parse"/>).</summary>
    public static SigmaRule Parse(string yaml, string? source)
    {
        var root = SingleDocument(yaml);
        if (SigmaCorrelationParser.IsCorrelation(root))
        {
            throw new SigmaRuleException(SigmaSkipReasons.CorrelationRule, "a correlation rule, not a detection rule: load it with SigmaRuleLoader");
        }

        return ParseRule(root, source);
    }

    /// <summary>One YAML document's root mapping; null for an empty document (a bare marker, only comments).</summary>
    public static YamlMappingNode? Document(string yaml)
    {
        var stream = Load(yaml);
        return stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" }
            ? null
            : stream.Documents[0].RootNode as YamlMappingNode
              ?? throw new SigmaRuleException(SigmaSkipReasons.NotARule, "the document is not a mapping");
    }

    /// <summary>Whether a document belongs to a rule collection (<c>action: global</c>, <c>reset</c>, <c>repeat</c>).</summary>
    public static bool IsCollectionAction(YamlMappingNode root) => Scalar(root, "action") is not null;

    /// <summary>A detection rule from its document: the metadata, then the detection handed to the compiler.</summary>
    public static SigmaRule ParseRule(YamlMappingNode root, string? source)
    {
        if (root.Children.ContainsKey(new YamlScalarNode("filter")))
        {
            throw new SigmaRuleException(SigmaSkipReasons.FilterRule, "filter rules are not supported yet");
        }

        if (Scalar(root, "action") is { } action)
        {
            throw new SigmaRuleException(SigmaSkipReasons.RuleCollection, $"rule collection action '{action}'");
        }

        if (Child(root, "detection") is not YamlMappingNode detection)
        {
            throw new SigmaRuleException(SigmaSkipReasons.MissingDetection, "no detection mapping");
        }

        var logsource = Child(root, "logsource") is YamlMappingNode map
            ? new SigmaLogsource(Scalar(map, "product"), Scalar(map, "category"), Scalar(map, "service"))
            : new SigmaLogsource(null, null, null);
        var compiled = SigmaDetectionCompiler.Compile(detection);
        return new SigmaRule(logsource, compiled, SigmaLogsourceMapping.Map(logsource)) { Metadata = SigmaRuleMetadata.Read(root, source) };
    }

    private static YamlMappingNode SingleDocument(string yaml)
    {
        var stream = Load(yaml);
        if (stream.Documents.Count > 1)
        {
            throw new SigmaRuleException(SigmaSkipReasons.MultiDocument, $"{stream.Documents.Count} YAML documents: load them with SigmaRuleLoader");
        }

        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new SigmaRuleException(SigmaSkipReasons.NotARule, "the document is not a mapping");
    }

    private static YamlStream Load(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new SigmaRuleException(SigmaSkipReasons.YamlError, e.Message, e);
        }
        catch (ArgumentException e)
        {
            // The representation model reports a duplicate mapping key this way.
            throw new SigmaRuleException(SigmaSkipReasons.YamlError, e.Message, e);
        }

        return stream;
    }

    internal static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    internal static string? Scalar(YamlMappingNode map, string key) =>
        Child(map, key) is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;

    internal static IReadOnlyList<string> Strings(YamlMappingNode map, string key) => Child(map, key) switch
    {
        YamlSequenceNode list => list.Children.OfType<YamlScalarNode>()
            .Select(s => s.Value).OfType<string>().ToList(),
        YamlScalarNode { Value: { Length: > 0 } one } => [one],
        _ => [],
    };
}
