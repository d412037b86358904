using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>YAML text to <see cref="SigmaRule"/>: reads the metadata, then hands the detection to the compiler.</summary>
internal static class SigmaRuleParser
{
    public static SigmaRule Parse(string yaml, string? source)
    {
        var root = SingleDocument(yaml);
        if (root.Children.ContainsKey(new YamlScalarNode("correlation")))
        {
            throw new SigmaRuleException(SigmaSkipReasons.CorrelationRule, "correlation rules are not supported yet");
        }

        if (root.Children.ContainsKey(new YamlScalarNode("filter")))
        {
            throw new SigmaRuleException(SigmaSkipReasons.FilterRule, "filter rules are not supported yet");
        }

        if (Scalar(root, "action") is { } action)
        {
            throw new SigmaRuleException(SigmaSkipReasons.MultiDocument, $"rule collection action '{action}'");
        }

        if (Child(root, "detection") is not YamlMappingNode detection)
        {
            throw new SigmaRuleException(SigmaSkipReasons.MissingDetection, "no detection mapping");
        }

        var logsource = Child(root, "logsource") is YamlMappingNode map
            ? new SigmaLogsource(Scalar(map, "product"), Scalar(map, "category"), Scalar(map, "service"))
            : new SigmaLogsource(null, null, null);
        var compiled = SigmaDetectionCompiler.Compile(detection);
        var title = Scalar(root, "title") ?? (source is null ? "untitled" : Path.GetFileNameWithoutExtension(source));

        return new SigmaRule(logsource, compiled, SigmaLogsourceMapping.Map(logsource))
        {
            Id = Scalar(root, "id") ?? title,
            Title = title,
            Status = Scalar(root, "status"),
            Level = Scalar(root, "level"),
            Description = Scalar(root, "description"),
            Author = Scalar(root, "author"),
            Tags = Strings(root, "tags"),
            FalsePositives = Strings(root, "falsepositives"),
            References = Strings(root, "references"),
            Source = source,
        };
    }

    private static YamlMappingNode SingleDocument(string yaml)
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

        if (stream.Documents.Count > 1)
        {
            throw new SigmaRuleException(SigmaSkipReasons.MultiDocument, $"{stream.Documents.Count} YAML documents");
        }

        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new SigmaRuleException(SigmaSkipReasons.NotARule, "the document is not a mapping");
    }

    internal static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode map, string key) =>
        Child(map, key) is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;

    private static IReadOnlyList<string> Strings(YamlMappingNode map, string key) => Child(map, key) switch
    {
        YamlSequenceNode list => list.Children.OfType<YamlScalarNode>()
            .Select(s => s.Value).OfType<string>().ToList(),
        YamlScalarNode { Value: { Length: > 0 } one } => [one],
        _ => [],
    };
}
