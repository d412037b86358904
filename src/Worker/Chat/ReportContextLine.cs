using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Llama3Siem.Prompts.Templates;

namespace Llama3Siem.Worker.Chat;

/// <summary>
/// One stored threat report as the chat prompt shows it: a compact JSON line of its figures only (no narrative,
/// no summaries). The figures are computed, but names in them (techniques, controls, the schedule) pass through
/// the same neutralisation as incident text, because a report's ids and severities were copied from incidents.
/// </summary>
internal static class ReportContextLine
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] SeverityOrder = ["critical", "high", "medium", "low"];

    public static string Render(RetrievedReport retrieved)
    {
        var summary = retrieved.Summary;
        var report = retrieved.Report;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("id", Clean(summary.Id, 80));
            json.WriteString("type", "threat report");
            json.WriteString("schedule", Clean(summary.Schedule, 64));
            json.WriteString("from", Time(report.From));
            json.WriteString("to", Time(report.To));
            json.WriteNumber("incidents", report.Incidents);
            json.WriteStartObject("by_severity");
            foreach (var (severity, count) in report.BySeverity
                .OrderBy(s => Array.IndexOf(SeverityOrder, s.Key) is var rank and >= 0 ? rank : SeverityOrder.Length)
                .ThenBy(s => s.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(Clean(severity, 20), count);
            }

            json.WriteEndObject();
            json.WriteStartArray("top_techniques");
            foreach (var technique in report.TopTechniques.Take(RetrievedReport.TopItems))
            {
                var name = technique.Name is { Length: > 0 } n ? " " + Clean(n, 120) : string.Empty;
                json.WriteStringValue($"{Clean(technique.Id, 20)}{name}: {Count(technique.Incidents)}");
            }

            json.WriteEndArray();
            json.WriteStartArray("top_controls");
            foreach (var control in report.RecommendedControls.Take(RetrievedReport.TopItems))
            {
                var title = control.Title is { Length: > 0 } t ? " " + Clean(t, 120) : string.Empty;
                json.WriteStringValue($"{Clean(control.Id, 20)}{title}: {Count(control.Incidents)}");
            }

            json.WriteEndArray();
            json.WriteStartArray("notable_incidents");
            foreach (var incident in retrieved.Notable)
            {
                json.WriteStringValue($"{Clean(incident.Id, 80)} {Clean(incident.Severity, 20)}");
            }

            json.WriteEndArray();
            json.WriteString("narrative_status", Clean(summary.NarrativeStatus, 40));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Count(long incidents) =>
        incidents.ToString(CultureInfo.InvariantCulture) + (incidents == 1 ? " incident" : " incidents");

    private static string Clean(string? text, int maxChars) => UntrustedText.Neutralise(text, maxChars).Replace('\n', ' ');

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
