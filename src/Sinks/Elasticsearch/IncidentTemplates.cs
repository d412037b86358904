using System.Text.Json;
using System.Text.Json.Nodes;

namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>
/// The component and composable index templates, read from the JSON files of <c>deploy/elasticsearch</c>
/// that are embedded in this assembly. With the default prefix they are sent exactly as those files say;
/// another prefix changes only the index pattern and the component names.
/// </summary>
internal static class IncidentTemplates
{
    private const string ResourcePrefix = "Llama3Siem.Sinks.Elasticsearch.Templates.";

    public static JsonObject Settings() => Load("component-template.settings.json");

    public static JsonObject Mappings() => Load("component-template.mappings.json");

    public static JsonObject IndexTemplate(IncidentIndexNames names)
    {
        var template = Load("index-template.json");
        template["index_patterns"] = new JsonArray(names.IndexPattern);
        template["composed_of"] = new JsonArray(names.SettingsTemplate, names.MappingsTemplate);
        return template;
    }

    /// <summary>The <c>version</c> a template declares: an installed template older than ours is replaced.</summary>
    public static long VersionOf(JsonObject template) => template["version"]?.GetValue<long>() ?? 0;

    /// <summary>One embedded template file of <c>deploy/elasticsearch</c>, parsed afresh (callers may change it).</summary>
    internal static JsonObject Load(string file)
    {
        using var stream = typeof(IncidentTemplates).Assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidOperationException($"The embedded template {file} is missing from the assembly.");
        return JsonNode.Parse(stream)?.AsObject()
            ?? throw new JsonException($"The embedded template {file} is empty.");
    }
}
