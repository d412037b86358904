using System.Globalization;
using System.Text.RegularExpressions;

namespace Llama3Siem.Worker.Reports;

/// <summary>
/// The numbers a narrative may state about a report: its counts, the percentages of the total they make
/// (whole or to one decimal), the window's length, and the dates and times of the window and its buckets.
/// <see cref="Check"/> finds every number in a text and says which of them are none of these.
/// </summary>
/// <remarks>
/// Identifiers are words, not numbers: <c>T1003.001</c>, <c>AC-2</c>, <c>10.0.0.5</c> and <c>ws-01</c> are
/// skipped, so a count cannot hide in an id and an id is never mistaken for a count. Numbers written as
/// words ("three") are not recognised.
/// </remarks>
internal static partial class NarrativeFigures
{
    public static readonly string[] SeverityOrder = ["critical", "high", "medium", "low"];

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    public static NumberCheck Check(string text, ThreatReport report)
    {
        var counts = Counts(report);
        var percentages = Percentages(report, counts);
        var dates = Dates(report);
        var times = Times(report);

        var found = 0;
        var unsupported = new List<string>();
        foreach (Match token in NumberToken().Matches(text))
        {
            found++;
            var ok = token.Groups["date"].Success ? dates.Contains(token.Value)
                : token.Groups["time"].Success ? times.Contains(token.Groups["time"].Value.PadLeft(5, '0'))
                : token.Groups["percent"].Success ? Canonical(token.Groups["number"].Value) is { } p && percentages.Contains(p)
                : Canonical(token.Groups["number"].Value) is { } n && counts.Contains(n);
            if (!ok)
            {
                unsupported.Add(token.Value);
            }
        }

        return new NumberCheck(found, unsupported);
    }

    private static HashSet<string> Counts(ThreatReport report)
    {
        var values = new List<double> { report.Incidents, report.InjectionIncidents };
        values.AddRange(SeverityOrder.Select(s => (double)report.BySeverity.GetValueOrDefault(s)));
        values.AddRange(report.BySeverity.Values.Select(v => (double)v));
        values.AddRange(report.OverTime.Select(t => (double)t.Count));
        values.AddRange(report.TopTechniques.Select(t => (double)t.Incidents));
        values.AddRange(report.RecommendedControls.Select(c => (double)c.Incidents));
        values.AddRange(report.TopIocs.Concat(report.TopHosts).Concat(report.TopUsers).Select(t => (double)t.Count));
        values.AddRange(report.NotableIncidents.Select(i => (double)i.Events));
        var window = report.To - report.From;
        values.Add(Math.Round(window.TotalHours, 1));
        values.Add(Math.Round(window.TotalDays, 1));
        values.Add(report.From.UtcDateTime.Year);
        values.Add(report.To.UtcDateTime.Year);
        return values.Select(v => Canonical(v)).ToHashSet(StringComparer.Ordinal);
    }

    private static HashSet<string> Percentages(ThreatReport report, HashSet<string> counts)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (report.Incidents <= 0)
        {
            return set;
        }

        foreach (var count in counts)
        {
            var share = 100.0 * double.Parse(count, CultureInfo.InvariantCulture) / report.Incidents;
            if (share <= 100)
            {
                set.Add(Canonical(Math.Round(share, 0, MidpointRounding.AwayFromZero)));
                set.Add(Canonical(Math.Round(share, 1, MidpointRounding.AwayFromZero)));
            }
        }

        return set;
    }

    private static HashSet<string> Dates(ThreatReport report)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var day = report.From.UtcDateTime.Date; day <= report.To.UtcDateTime.Date; day = day.AddDays(1))
        {
            set.Add(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return set;
    }

    private static HashSet<string> Times(ThreatReport report)
    {
        var moments = new List<DateTime> { report.From.UtcDateTime, report.To.UtcDateTime };
        moments.AddRange(report.NotableIncidents.Select(i => i.FirstSeen.UtcDateTime));
        var set = moments.Select(m => m.ToString("HH:mm", CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
        foreach (var bucket in report.OverTime)
        {
            if (bucket.Value.Length >= 16)
            {
                set.Add(bucket.Value[11..16]);
            }
        }

        return set;
    }

    private static string? Canonical(string number) =>
        double.TryParse(number.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? Canonical(value)
            : null;

    private static string Canonical(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    // A date (2026-03-02), a time (06:00, 6:00Z), or a number with optional thousands separators, decimals
    // and percent sign; none of them glued to letters, hyphens, dots or slashes (those are identifiers).
    [GeneratedRegex(@"(?<![\p{L}\p{N}_\-./:])(?:(?<date>\d{4}-\d{2}-\d{2})(?![\p{L}\p{N}_\-])|(?<time>\d{1,2}:\d{2})(?::\d{2})?Z?(?![\p{L}\p{N}_\-]|:[\p{L}\p{N}])|(?<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?<percent>\s?%|\s?percent\b)?(?![\p{L}\p{N}_\-/]|[.:][\p{L}\p{N}]))", RegexOptions.CultureInvariant)]
    private static partial Regex NumberToken();
}

/// <summary>What <see cref="NarrativeFigures.Check"/> found: how many numbers, and those that are not figures of the report.</summary>
internal sealed record NumberCheck(int Found, IReadOnlyList<string> Unsupported)
{
    public bool AllSupported => Unsupported.Count == 0;
}
