using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Llama3Siem.Sinks.Reports;

namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>
/// A stored report as an Elasticsearch document: the summary's fields for filtering and sorting, and the report
/// JSON as one string that is kept in <c>_source</c> but not indexed. Times are UTC with milliseconds, the
/// precision the SQLite store keeps, so both stores give back the same values.
/// </summary>
internal static class ReportDocument
{
    public const string JsonField = "json";

    public static JsonObject ToSource(StoredReport report)
    {
        var s = report.Summary;
        return new JsonObject
        {
            ["id"] = s.Id,
            ["schedule"] = s.Schedule,
            ["from"] = IncidentDocument.Timestamp(s.From),
            ["to"] = IncidentDocument.Timestamp(s.To),
            ["created_at"] = IncidentDocument.Timestamp(s.CreatedAt),
            ["audience"] = s.Audience,
            ["incidents"] = s.Incidents,
            ["narrative_status"] = s.NarrativeStatus,
            [JsonField] = report.Json,
        };
    }

    public static StoredReport FromSource(JsonElement source) =>
        new(Summary(source), source.GetProperty(JsonField).GetString() ?? string.Empty);

    public static ReportSummary Summary(JsonElement source) => new(
        source.GetProperty("id").GetString()!,
        source.GetProperty("schedule").GetString()!,
        Time(source.GetProperty("from")),
        Time(source.GetProperty("to")),
        Time(source.GetProperty("created_at")),
        source.GetProperty("audience").GetString()!,
        source.GetProperty("incidents").GetInt64(),
        source.GetProperty("narrative_status").GetString()!);

    /// <summary>
    /// Summaries whose window ends in (<paramref name="from"/>, <paramref name="to"/>], newest end first then by
    /// id (as the SQLite store orders them), without the report JSON.
    /// </summary>
    public static JsonObject ListBody(int limit, int offset, DateTimeOffset? from, DateTimeOffset? to)
    {
        var window = new JsonObject();
        if (from is { } after)
        {
            window["gt"] = IncidentDocument.Timestamp(after);
        }

        if (to is { } until)
        {
            window["lte"] = IncidentDocument.Timestamp(until);
        }

        var filters = new JsonArray();
        if (window.Count > 0)
        {
            filters.Add(new JsonObject { ["range"] = new JsonObject { ["to"] = window } });
        }

        return new JsonObject
        {
            ["from"] = offset,
            ["size"] = limit,
            ["track_total_hits"] = false,
            ["_source"] = new JsonObject { ["excludes"] = new JsonArray(JsonField) },
            ["query"] = new JsonObject { ["bool"] = new JsonObject { ["filter"] = filters } },
            ["sort"] = new JsonArray(
                new JsonObject { ["to"] = new JsonObject { ["order"] = "desc" } },
                new JsonObject { ["id"] = new JsonObject { ["order"] = "asc" } }),
        };
    }

    internal static DateTimeOffset Time(JsonElement value) =>
        DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
