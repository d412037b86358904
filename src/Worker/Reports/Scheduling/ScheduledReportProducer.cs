using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Sinks.Reports;
using Llama3Siem.Worker.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Reports.Scheduling;

/// <summary>
/// Produces one scheduled report: figures from the incident store, the narrative, the stored report (keyed
/// by schedule and window, so producing a window again replaces it) and the configured files.
/// </summary>
internal sealed partial class ScheduledReportProducer(
    IIncidentStore incidents,
    ThreatKnowledge knowledge,
    IReportStore reports,
    ReportNarrator narrator,
    IOptions<ReportOptions> options,
    TimeProvider time,
    ILogger<ScheduledReportProducer> logger)
{
    private readonly ThreatReportBuilder _builder = new(incidents, knowledge, time);

    /// <summary>
    /// Produces the report, or returns null when another worker has claimed (or stored) this window.
    /// <paramref name="claimed"/>, when given, runs once this worker holds the claim and before anything is produced.
    /// </summary>
    public async Task<StoredReport?> ProduceAsync(string scheduleName, DateTimeOffset scheduledFireTime, string worker, Func<Task>? claimed, CancellationToken cancellationToken)
    {
        if (!options.Value.Schedules.TryGetValue(scheduleName, out var schedule))
        {
            throw new InvalidOperationException($"Reports:Schedules has no schedule '{scheduleName}' (it was removed from the configuration).");
        }

        var slot = ReportSlot.Ending(scheduleName, scheduledFireTime, schedule.Window);
        await reports.InitializeAsync(cancellationToken);
        if (!await reports.TryClaimAsync(slot.Id, worker, time.GetUtcNow(), options.Value.ClaimLease, cancellationToken))
        {
            LogClaimedElsewhere(logger, slot.Id, worker);
            return null;
        }

        if (claimed is not null)
        {
            await claimed();
        }

        var report = await _builder.BuildAsync(slot.From, slot.To, cancellationToken);
        report = report with { Narrative = await narrator.NarrateAsync(report, cancellationToken) };

        var stored = new StoredReport(
            new ReportSummary(slot.Id, scheduleName, slot.From, slot.To, time.GetUtcNow(), schedule.Audience, report.Incidents, report.Narrative!.Status),
            ThreatReportRenderer.Json(report));
        // Files first: a stored report marks the window done, so a worker that died between the two steps the
        // other way round would leave a window whose files no retry writes.
        var files = await ReportFiles.WriteAsync(options.Value.OutputFolder, slot.Id, report, schedule.Formats, cancellationToken);
        var isNew = await reports.UpsertAsync(stored, cancellationToken);
        LogProduced(logger, slot.Id, report.Incidents, report.Narrative.Status, files.Count, isNew);
        return stored;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} is claimed or stored by another worker; {Worker} skips it")]
    private static partial void LogClaimedElsewhere(ILogger logger, string reportId, string worker);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId}: {Incidents} incidents, narrative {NarrativeStatus}, {Files} files written (new: {IsNew})")]
    private static partial void LogProduced(ILogger logger, string reportId, long incidents, string narrativeStatus, int files, bool isNew);
}
