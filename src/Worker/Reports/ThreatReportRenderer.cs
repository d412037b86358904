using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Llama3Siem.Sinks.Incidents;

namespace Llama3Siem.Worker.Reports;

/// <summary>Renders a <see cref="ThreatReport"/> for people (Markdown, a self-contained HTML page with inline SVG) or tools (JSON).</summary>
internal static class ThreatReportRenderer
{
    private static readonly string[] SeverityOrder = ["critical", "high", "medium", "low"];

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Json(ThreatReport report) => JsonSerializer.Serialize(report, JsonOptions);

    /// <summary>Reads back what <see cref="Json"/> wrote (a stored report), to render it another way.</summary>
    public static ThreatReport FromJson(string json) =>
        JsonSerializer.Deserialize<ThreatReport>(json, JsonOptions) ?? throw new JsonException("A stored report is empty.");

    /// <summary>
    /// The report as Markdown; every value from the store (hosts, users, IOCs, summaries, the narrative) goes
    /// through <see cref="MarkdownText"/>, since a Markdown viewer would render raw HTML or links in it live.
    /// </summary>
    public static string Markdown(ThreatReport report)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Threat report {Time(report.From)} to {Time(report.To)}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{report.Incidents} incidents; {Severities(report)}. Generated {Time(report.GeneratedAt)} from the incident store.\n\n");
        if (report.Narrative is { } narrative)
        {
            md.Append("## Summary\n\n").Append(MarkdownText.Escape(narrative.Text)).Append("\n\n");
        }

        Section(md, "Incidents over time", ["period", "incidents"], report.OverTime.Select(t => new[] { t.Value, Count(t.Count) }));
        Section(md, "Top ATT&CK techniques", ["technique", "name", "tactics", "incidents"],
            report.TopTechniques.Select(t => new[] { t.Id, t.Name ?? "", string.Join(", ", t.Tactics), Count(t.Incidents) }));
        Section(md, "Recommended NIST SP 800-53 controls", ["control", "title", "incidents addressed"],
            report.RecommendedControls.Select(c => new[] { c.Id, c.Title ?? "", Count(c.Incidents) }));
        md.Append("## Injection attempts\n\n").Append(InjectionAttempts(report)).Append("\n\n");
        Section(md, "Top IOCs", ["type:value", "incidents"], report.TopIocs.Select(t => new[] { t.Value, Count(t.Count) }));
        Section(md, "Most affected hosts", ["host", "incidents"], report.TopHosts.Select(t => new[] { t.Value, Count(t.Count) }));
        Section(md, "Most involved users", ["user", "incidents"], report.TopUsers.Select(t => new[] { t.Value, Count(t.Count) }));
        Section(md, "Notable incidents", ["incident", "severity", "first seen (UTC)", "events", "summary"],
            report.NotableIncidents.Select(i => new[] { i.Id, i.Severity, Time(i.FirstSeen), Count(i.Events), i.Summary }));
        return md.ToString();
    }

    public static string Html(ThreatReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E($"Threat report {Time(report.From)} to {Time(report.To)}"))
            .Append("</title><style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1b1f24;max-width:1100px}")
            .Append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}")
            .Append("th{background:#f6f8fa}h2{margin-top:1.6em}.charts{display:flex;flex-wrap:wrap;gap:24px}svg text{font:11px system-ui,sans-serif}</style></head><body>\n");
        html.Append("<h1>").Append(E($"Threat report {Time(report.From)} to {Time(report.To)}")).Append("</h1>\n<p>")
            .Append(E($"{report.Incidents} incidents; {Severities(report)}. Generated {Time(report.GeneratedAt)} from the incident store."))
            .Append("</p>\n");
        if (report.Narrative is { } narrative)
        {
            html.Append("<h2>Summary</h2>\n<p>").Append(E(narrative.Text)).Append("</p>\n");
        }

        html.Append("<div class=\"charts\">\n");
        html.Append(BarChart("Incidents over time", report.OverTime.Select(t => (t.Value, t.Count)).ToList(), "#4c78a8"));
        html.Append(BarChart("By severity", SeverityOrder.Select(s => (s, report.BySeverity.GetValueOrDefault(s))).ToList(), SeverityColour));
        html.Append(BarChart("Top techniques", report.TopTechniques.Select(t => (t.Id, t.Incidents)).ToList(), "#54a24b"));
        html.Append("</div>\n");
        Table(html, "Top ATT&CK techniques", ["technique", "name", "tactics", "incidents"],
            report.TopTechniques.Select(t => new[] { t.Id, t.Name ?? "", string.Join(", ", t.Tactics), Count(t.Incidents) }));
        Table(html, "Recommended NIST SP 800-53 controls", ["control", "title", "incidents addressed"],
            report.RecommendedControls.Select(c => new[] { c.Id, c.Title ?? "", Count(c.Incidents) }));
        html.Append("<h2>Injection attempts</h2>\n<p>").Append(E(InjectionAttempts(report))).Append("</p>\n");
        Table(html, "Top IOCs", ["type:value", "incidents"], report.TopIocs.Select(t => new[] { t.Value, Count(t.Count) }));
        Table(html, "Most affected hosts", ["host", "incidents"], report.TopHosts.Select(t => new[] { t.Value, Count(t.Count) }));
        Table(html, "Most involved users", ["user", "incidents"], report.TopUsers.Select(t => new[] { t.Value, Count(t.Count) }));
        Table(html, "Notable incidents", ["incident", "severity", "first seen (UTC)", "events", "summary"],
            report.NotableIncidents.Select(i => new[] { i.Id, i.Severity, Time(i.FirstSeen), Count(i.Events), i.Summary }));
        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>A horizontal bar chart as inline SVG: no scripts, no external resources.</summary>
    internal static string BarChart(string title, IReadOnlyList<(string Label, long Value)> bars, string colour) =>
        BarChart(title, bars, _ => colour);

    /// <summary>Severity bars in the colours analysts expect, most severe the darkest red.</summary>
    private static string SeverityColour(string severity) => severity switch
    {
        "critical" => "#9f1d1d",
        "high" => "#e0562b",
        "medium" => "#e8a33a",
        _ => "#7b8794",
    };

    internal static string BarChart(string title, IReadOnlyList<(string Label, long Value)> bars, Func<string, string> colourOf)
    {
        const int LabelWidth = 130, BarWidth = 220, RowHeight = 18, Top = 24;
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        var height = Top + (Math.Max(1, bars.Count) * RowHeight) + 6;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{E(title)}\" width=\"{LabelWidth + BarWidth + 50}\" height=\"{height}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"14\" font-weight=\"bold\">{E(title)}</text>");
        for (var i = 0; i < bars.Count; i++)
        {
            var y = Top + (i * RowHeight);
            var width = (int)Math.Round(BarWidth * (double)bars[i].Value / max);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 6}\" y=\"{y + 12}\" text-anchor=\"end\">{E(Shorten(bars[i].Label, 22))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y + 2}\" width=\"{width}\" height=\"{RowHeight - 5}\" fill=\"{colourOf(bars[i].Label)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + width + 4}\" y=\"{y + 12}\">{bars[i].Value}</text>");
        }

        return svg.Append("</svg>\n").ToString();
    }

    private static void Section(StringBuilder md, string title, string[] headers, IEnumerable<string[]> rows)
    {
        md.Append("## ").Append(title).Append("\n\n| ").Append(string.Join(" | ", headers)).Append(" |\n|")
            .Append(string.Concat(headers.Select(_ => "---|"))).Append('\n');
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            md.Append("| ").Append(string.Join(" | ", row.Select(MarkdownText.Escape))).Append(" |\n");
        }

        md.Append(any ? "\n" : "| none |" + string.Concat(headers.Skip(1).Select(_ => " |")) + "\n\n");
    }

    private static void Table(StringBuilder html, string title, string[] headers, IEnumerable<string[]> rows)
    {
        html.Append("<h2>").Append(E(title)).Append("</h2>\n<table><tr>").Append(string.Concat(headers.Select(h => $"<th>{E(h)}</th>"))).Append("</tr>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{E(c)}</td>"))).Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    /// <summary>
    /// Its own section, next to the IOCs it explains: a reader comparing the top IOCs with the incidents should know
    /// why an address the events named can be missing from them.
    /// </summary>
    internal static string InjectionAttempts(ThreatReport report) => report.InjectionIncidents switch
    {
        0 => "No incident carried text addressed to an automated analyst.",
        1 => "1 incident carried text addressed to an automated analyst (prompt injection); indicators seen only inside that text are left out of the top IOCs.",
        var n => $"{Count(n)} incidents carried text addressed to an automated analyst (prompt injection); indicators seen only inside that text are left out of the top IOCs.",
    };

    private static string Severities(ThreatReport report) =>
        string.Join(", ", SeverityOrder.Select(s => $"{report.BySeverity.GetValueOrDefault(s)} {s}"));

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static string Count(long count) => count.ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Everything in a report comes from events or the store: always encoded.</summary>
    private static string E(string text) => WebUtility.HtmlEncode(text);
}
