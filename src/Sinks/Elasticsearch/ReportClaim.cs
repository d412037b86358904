using System.Text.Json;
using System.Text.Json.Nodes;

namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>
/// A claim on producing one report window, as stored in the claims index under the report's id.
/// <paramref name="Attempt"/> is fresh for every claim call, so a call can recognise its own write when the
/// first answer was lost and the retried request is refused as a conflict.
/// </summary>
internal sealed record ReportClaim(string Owner, string Attempt, DateTimeOffset ClaimedAt, DateTimeOffset ExpiresAt)
{
    public JsonObject ToSource() => new()
    {
        ["owner"] = Owner,
        ["attempt"] = Attempt,
        ["claimed_at"] = IncidentDocument.Timestamp(ClaimedAt),
        ["expires_at"] = IncidentDocument.Timestamp(ExpiresAt),
    };

    /// <summary>A lease runs out strictly before <paramref name="now"/>, as in the SQLite store.</summary>
    public bool ExpiredAt(DateTimeOffset now) =>
        ExpiresAt.ToUnixTimeMilliseconds() < now.ToUnixTimeMilliseconds();

    public static ReportClaim FromSource(JsonElement source) => new(
        source.GetProperty("owner").GetString()!,
        source.GetProperty("attempt").GetString()!,
        ReportDocument.Time(source.GetProperty("claimed_at")),
        ReportDocument.Time(source.GetProperty("expires_at")));
}
