using System.Globalization;
using System.Text;
using Llama3Siem.Prompts.Enrichment;

namespace Llama3Siem.Worker.Chat;

/// <summary>
/// The answer without a model: the figures of each retrieved threat report and the facts of each retrieved
/// incident, each cited by id. It does not try to answer the question itself; it shows the analyst what the store
/// holds on it.
/// </summary>
internal static class DeterministicAnswer
{
    private const int Items = 5;

    private static readonly string[] SeverityOrder = ["critical", "high", "medium", "low"];

    public static string Write(IReadOnlyList<EnrichedIncident> incidents, IReadOnlyList<RetrievedReport>? reports = null)
    {
        reports ??= [];
        if (incidents.Count == 0 && reports.Count == 0)
        {
            return ChatPromptBuilder.NoAnswer;
        }

        var text = new StringBuilder();
        if (reports.Count > 0)
        {
            text.Append(reports.Count == 1 ? "The stored threat report on this:" : "The stored threat reports on this:");
            foreach (var report in reports)
            {
                Report(text, report);
            }
        }

        if (incidents.Count == 0)
        {
            return text.ToString();
        }

        if (text.Length > 0)
        {
            text.Append('\n');
        }

        text.Append(incidents.Count == 1 ? "The stored incident on this:" : "The stored incidents on this:");
        foreach (var incident in incidents)
        {
            text.Append("\n- [").Append(incident.Id).Append("] ")
                .Append(incident.Severity).Append(", ")
                .Append(Time(incident.FirstSeen)).Append(" to ").Append(Time(incident.LastSeen)).Append(", ")
                .Append(incident.Events.Count.ToString(CultureInfo.InvariantCulture)).Append(incident.Events.Count == 1 ? " event: " : " events: ")
                .Append(incident.Summary.TrimEnd('.')).Append('.');
            Injection(text, incident.Injection);
            List(text, "Hosts", incident.Hosts);
            List(text, "Users", incident.Users);
            List(text, "Techniques", incident.Techniques.Select(t => t.Name is { Length: > 0 } name ? $"{t.Id} {name}" : t.Id).ToList());
            List(text, "Indicators", incident.Iocs.Where(i => !i.Injected).Select(i => $"{i.Type} {i.Value}").ToList());
            List(text, "Seen only inside injection text (not evidence, do not block)", incident.Iocs.Where(i => i.Injected).Select(i => $"{i.Type} {i.Value}").ToList());
            List(text, "Controls", incident.Mitigations.Select(m => m.Id).ToList());
        }

        return text.ToString();
    }

    /// <summary>Said before the lists, so that the analyst reads the indicators knowing the events tried to steer us.</summary>
    private static void Injection(StringBuilder text, IncidentInjection? injection)
    {
        if (injection is not { Detected: true })
        {
            return;
        }

        text.Append(" Its events carried text addressed to an automated analyst (prompt injection)");
        if (injection.Fields.Count > 0)
        {
            text.Append(" in ").AppendJoin(", ", injection.Fields.Take(Items));
        }

        if (injection.Kinds.Count > 0)
        {
            text.Append(": ").AppendJoin(", ", injection.Kinds.Take(Items));
        }

        text.Append('.');
    }

    private static void Report(StringBuilder text, RetrievedReport retrieved)
    {
        var report = retrieved.Report;
        text.Append("\n- [").Append(retrieved.Id).Append("] ")
            .Append(retrieved.Summary.Schedule).Append(" report, ")
            .Append(Time(report.From)).Append(" to ").Append(Time(report.To)).Append(": ")
            .Append(report.Incidents.ToString(CultureInfo.InvariantCulture)).Append(report.Incidents == 1 ? " incident" : " incidents");
        var bySeverity = report.BySeverity
            .Where(s => s.Value > 0)
            .OrderBy(s => Array.IndexOf(SeverityOrder, s.Key) is var rank and >= 0 ? rank : SeverityOrder.Length)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => $"{s.Value.ToString(CultureInfo.InvariantCulture)} {s.Key}")
            .ToList();
        if (bySeverity.Count > 0)
        {
            text.Append(" (").AppendJoin(", ", bySeverity).Append(')');
        }

        text.Append('.');
        List(text, "Top techniques", report.TopTechniques
            .Select(t => (t.Name is { Length: > 0 } name ? $"{t.Id} {name}" : t.Id) + $" ({t.Incidents.ToString(CultureInfo.InvariantCulture)})")
            .ToList());
        List(text, "Top controls", report.RecommendedControls
            .Select(c => $"{c.Id} ({c.Incidents.ToString(CultureInfo.InvariantCulture)})")
            .ToList());
        List(text, "Notable incidents", retrieved.Notable.Select(n => $"[{n.Id}] {n.Severity}").ToList());
    }

    private static void List(StringBuilder text, string label, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        text.Append(' ').Append(label).Append(": ").AppendJoin(", ", values.Take(Items));
        if (values.Count > Items)
        {
            text.Append(CultureInfo.InvariantCulture, $" and {values.Count - Items} more");
        }

        text.Append('.');
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
