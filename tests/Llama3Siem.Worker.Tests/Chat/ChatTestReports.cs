using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Sinks.Reports;
using Llama3Siem.Worker.Reports;
using Llama3Siem.Worker.Reports.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace Llama3Siem.Worker.Tests.Chat;

/// <summary>
/// Stored threat reports to ask about, computed by the real report builder over a seeded incident store and stored
/// as the scheduler stores them, with ids made the way it makes them.
/// </summary>
internal static class ChatTestReports
{
    /// <summary>The daily report over the day of <see cref="ChatTestIncidents"/>: all three of them.</summary>
    public const string NewestDaily = "daily-20260303T0600Z";

    /// <summary>The daily report of the day before: no incidents.</summary>
    public const string OlderDaily = "daily-20260302T0600Z";

    /// <summary>An hourly report stored later than both dailies (its window ends last): no incidents.</summary>
    public const string NewestHourly = "hourly-20260303T0905Z";

    private static readonly DateTimeOffset Morning = new(2026, 3, 3, 6, 0, 0, TimeSpan.Zero);

    public static async Task<SqliteReportStore> SeedAsync(string path, IIncidentStore incidents)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new SqliteReportStore(path);
        await store.InitializeAsync(ct);
        await store.UpsertAsync(await BuildAsync(incidents, "daily", Morning.AddDays(-1), TimeSpan.FromDays(1)), ct);
        await store.UpsertAsync(await BuildAsync(incidents, "daily", Morning, TimeSpan.FromDays(1)), ct);
        await store.UpsertAsync(await BuildAsync(incidents, "hourly", Morning.AddHours(3).AddMinutes(5), TimeSpan.FromHours(1)), ct);
        return store;
    }

    /// <summary>The report of <paramref name="schedule"/> for the window ending at <paramref name="to"/>, as stored.</summary>
    public static async Task<StoredReport> BuildAsync(IIncidentStore incidents, string schedule, DateTimeOffset to, TimeSpan window)
    {
        var slot = ReportSlot.Ending(schedule, to, window);
        var builder = new ThreatReportBuilder(incidents, ThreatKnowledge.BuiltIn, new FakeTimeProvider(to));
        var report = await builder.BuildAsync(slot.From, slot.To, TestContext.Current.CancellationToken);
        report = report with { Narrative = new ReportNarrative("Deterministic narrative.", ReportNarrativeStatus.NotGenerated) };
        return new StoredReport(
            new ReportSummary(slot.Id, schedule, slot.From, slot.To, to, "executive", report.Incidents, ReportNarrativeStatus.NotGenerated),
            ThreatReportRenderer.Json(report));
    }

    /// <summary>A daily report whose window covers every incident in <paramref name="incidents"/> (the shipped samples, say).</summary>
    public static async Task<StoredReport> CoveringAsync(IIncidentStore incidents)
    {
        var all = await incidents.SearchAsync(new IncidentQuery(Limit: 1000), TestContext.Current.CancellationToken);
        var to = all.Max(i => i.LastSeen).UtcDateTime.Date.AddDays(1);
        var from = all.Min(i => i.FirstSeen).UtcDateTime.Date;
        return await BuildAsync(incidents, "daily", new DateTimeOffset(to, TimeSpan.Zero), to - from);
    }
}
