using System.Globalization;
using System.Text;

namespace Llama3Siem.Worker.Reports;

/// <summary>A few plain sentences written from the report's figures alone: the narrative when no model writes one.</summary>
internal static class DeterministicNarrative
{
    public static string Write(ThreatReport report)
    {
        var text = new StringBuilder();
        var window = $"between {NarrativeFigures.Time(report.From)} and {NarrativeFigures.Time(report.To)}";
        if (report.Incidents == 0)
        {
            return $"No incidents were recorded {window}.";
        }

        var severities = string.Join(", ", NarrativeFigures.SeverityOrder.Select(s => $"{report.BySeverity.GetValueOrDefault(s)} {s}"));
        text.Append(CultureInfo.InvariantCulture, $"{Incidents(report.Incidents)} recorded {window}: {severities}.");
        if (report.TopTechniques is [var technique, ..])
        {
            text.Append(CultureInfo.InvariantCulture, $" The most frequent ATT&CK technique was {technique.Id}{Name(technique.Name)}, seen in {Incidents(technique.Incidents)}.");
        }

        if (report.TopHosts is [var host, ..])
        {
            text.Append(CultureInfo.InvariantCulture, $" The most affected host was {host.Value} ({Incidents(host.Count)}).");
        }

        if (report.InjectionIncidents > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" {Incidents(report.InjectionIncidents)} carried text addressed to an automated analyst; the indicators named only there are the attacker's words, not evidence.");
        }

        if (report.RecommendedControls is [var control, ..])
        {
            text.Append(CultureInfo.InvariantCulture, $" The first recommended control is {control.Id}{Name(control.Title)}, which addresses {Incidents(control.Incidents)}.");
        }

        return text.ToString();
    }

    private static string Incidents(long count) => count == 1 ? "1 incident" : $"{count} incidents";

    private static string Name(string? name) => string.IsNullOrEmpty(name) ? "" : $" ({name})";
}
