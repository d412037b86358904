using System.Globalization;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Sinks.Incidents;

namespace Llama3Siem.Worker.Reports;

/// <summary>
/// Computes a <see cref="ThreatReport"/> from the store: the store's aggregations for the ranked lists, and one
/// pass over the window's incidents (at most <see cref="MaxIncidentsScanned"/>) for the timeline, the users and
/// the notable incidents.
/// </summary>
internal sealed class ThreatReportBuilder(IIncidentStore store, ThreatKnowledge knowledge, TimeProvider time)
{
    public const int Top = 10;
    public const int MaxIncidentsScanned = 10_000;

    public async Task<ThreatReport> BuildAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (to <= from)
        {
            throw new ArgumentException("The report window must end after it starts.", nameof(to));
        }

        await store.InitializeAsync(cancellationToken);
        var aggregates = await store.AggregateAsync(from, to, Top, cancellationToken);

        var incidents = await store.ReadAllAsync(new IncidentQuery(From: from, To: to), MaxIncidentsScanned, cancellationToken).ToListAsync(cancellationToken);

        var hourly = to - from <= TimeSpan.FromDays(2);
        var overTime = incidents
            .GroupBy(i => Bucket(i.FirstSeen < from ? from : i.FirstSeen, hourly))
            .Select(g => new TermCount(g.Key, g.Count()))
            .OrderBy(t => t.Value, StringComparer.Ordinal)
            .ToList();
        var users = incidents
            .SelectMany(i => i.Users.Distinct(StringComparer.Ordinal))
            .GroupBy(u => u, StringComparer.Ordinal)
            .Select(g => new TermCount(g.Key, g.Count()))
            .OrderByDescending(t => t.Count).ThenBy(t => t.Value, StringComparer.Ordinal)
            .Take(Top)
            .ToList();
        var notable = incidents
            .OrderByDescending(i => SeverityNames.TryParse(i.Severity, out var s) ? (int)s : 0)
            .ThenByDescending(i => i.Events.Count)
            .ThenBy(i => i.Id, StringComparer.Ordinal)
            .Take(Top)
            .Select(i => new ReportIncident(i.Id, i.Severity, i.FirstSeen, i.Events.Count, i.Summary))
            .ToList();

        return new ThreatReport
        {
            From = from,
            To = to,
            GeneratedAt = time.GetUtcNow(),
            Incidents = aggregates.Incidents,
            BySeverity = aggregates.BySeverity,
            OverTime = overTime,
            TopTechniques = aggregates.TopTechniques
                .Select(t => knowledge.TryGetTechnique(t.Value, out var technique)
                    ? new ReportTechnique(t.Value, technique.Name, technique.Tactics, t.Count)
                    : new ReportTechnique(t.Value, null, [], t.Count))
                .ToList(),
            TopIocs = aggregates.TopIocs,
            TopHosts = aggregates.TopHosts,
            TopUsers = users,
            RecommendedControls = aggregates.TopMitigations
                .Select(c => new ReportControl(c.Value, knowledge.TryGetControl(c.Value, out var control) ? control.Title : null, c.Count))
                .ToList(),
            NotableIncidents = notable,
            InjectionIncidents = aggregates.InjectionIncidents,
        };
    }

    private static string Bucket(DateTimeOffset time, bool hourly)
    {
        var utc = time.UtcDateTime;
        return hourly
            ? utc.ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
