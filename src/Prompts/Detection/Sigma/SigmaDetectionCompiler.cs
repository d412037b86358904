using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// A rule's <c>detection</c> to one evaluator: each search identifier compiled, then the condition over them.
/// A map is the AND of its field conditions, a list of maps the OR of them, a list of plain values an OR of
/// keywords; a field with a list of values is their OR, or their AND with <c>|all</c>.
/// </summary>
internal static class SigmaDetectionCompiler
{
    public static SigmaExpression Compile(YamlMappingNode detection)
    {
        var searches = new List<KeyValuePair<string, SigmaExpression>>();
        YamlNode? condition = null;
        foreach (var (keyNode, node) in detection.Children)
        {
            var key = Text(keyNode);
            switch (key)
            {
                case "condition":
                    condition = node;
                    break;
                case "timeframe":
                    // Only meaningful with an aggregation, which the condition parser refuses.
                    break;
                default:
                    searches.Add(new(key, Search(key, node)));
                    break;
            }
        }

        var conditions = condition switch
        {
            YamlScalarNode { Value: { Length: > 0 } one } => [one],
            YamlSequenceNode list => list.Children.Select(Text).ToList(),
            _ => throw new SigmaRuleException(SigmaSkipReasons.MissingCondition, "no condition"),
        };

        // Sigma 1 allowed a list of conditions, each its own alert; here any of them matching is a match.
        var compiled = conditions.Select(c => SigmaConditionParser.Parse(c, searches)).ToList();
        return compiled.Count == 1 ? compiled[0] : new SigmaAnyOf(compiled);
    }

    private static SigmaExpression Search(string name, YamlNode node) => node switch
    {
        YamlMappingNode map => Fields(map),
        YamlSequenceNode list when list.Children.All(c => c is YamlMappingNode) && list.Children.Count > 0 =>
            Any(list.Children.Select(c => Fields((YamlMappingNode)c)).ToList()),
        YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode) && list.Children.Count > 0 =>
            Any(list.Children.Select(c => Keyword(ValueOf((YamlScalarNode)c))).ToList()),
        YamlScalarNode scalar => Keyword(ValueOf(scalar)),
        _ => throw Unsupported("search", $"search '{name}' is neither a map, a list of maps nor a list of values"),
    };

    private static SigmaExpression Keyword(string? value) =>
        SigmaValueCompiler.Compile(string.Empty, value, SigmaModifiers.Parse([]));

    private static SigmaExpression Fields(YamlMappingNode map)
    {
        var conditions = map.Children.Select(pair => Field(Text(pair.Key), pair.Value)).ToList();
        return conditions.Count == 1 ? conditions[0] : new SigmaAllOf(conditions);
    }

    private static SigmaExpression Field(string key, YamlNode node)
    {
        var parts = key.Split('|');
        var modifiers = SigmaModifiers.Parse(parts.Skip(1));
        IReadOnlyList<string?> values = node switch
        {
            YamlScalarNode scalar => [ValueOf(scalar)],
            YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode) =>
                list.Children.Select(c => ValueOf((YamlScalarNode)c)).ToList(),
            _ => throw Unsupported("nested", $"field '{key}' has a nested value"),
        };

        if (values.Count == 0)
        {
            throw Unsupported("empty-list", $"field '{key}' has an empty list");
        }

        var conditions = values.Select(v => SigmaValueCompiler.Compile(parts[0], v, modifiers)).ToList();
        return conditions.Count == 1 ? conditions[0] : modifiers.All ? new SigmaAllOf(conditions) : new SigmaAnyOf(conditions);
    }

    private static SigmaExpression Any(IReadOnlyList<SigmaExpression> parts) => parts.Count == 1 ? parts[0] : new SigmaAnyOf(parts);

    /// <summary>A plain empty scalar, <c>null</c> or <c>~</c> is YAML null; quoted, the same text is a string.</summary>
    private static string? ValueOf(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL" ? null : scalar.Value;

    private static string Text(YamlNode node) =>
        node is YamlScalarNode { Value: { } text } ? text : throw Unsupported("key", "a key or condition that is not text");

    private static SigmaRuleException Unsupported(string what, string message) =>
        new($"{SigmaSkipReasons.UnsupportedValue}:{what}", message);
}
