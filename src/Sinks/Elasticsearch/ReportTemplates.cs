using System.Text.Json.Nodes;

namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>
/// The report store's two index templates (settings and mappings inline: they are small and change together),
/// from the embedded files of <c>deploy/elasticsearch</c>. Another prefix changes only the index pattern.
/// </summary>
internal static class ReportTemplates
{
    public static JsonObject Reports(ReportIndexNames names) =>
        WithPattern(IncidentTemplates.Load("report-index-template.json"), names.IndexPattern);

    public static JsonObject Claims(ReportIndexNames names) =>
        WithPattern(IncidentTemplates.Load("report-claims-index-template.json"), names.ClaimsIndexPattern);

    private static JsonObject WithPattern(JsonObject template, string pattern)
    {
        template["index_patterns"] = new JsonArray(pattern);
        return template;
    }
}
