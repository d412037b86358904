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

    public async Task<StoredReport> ProduceAsync(string scheduleName, DateTimeOffset scheduledFireTime, CancellationToken cancellationToken)
    {
        if (!options.Value.Schedules.TryGetValue(scheduleName, out var schedule))
        {
            throw new InvalidOperationException($"Reports:Schedules has no schedule '{scheduleName}' (it was removed from the configuration).");
        }

        var slot = ReportSlot.Ending(scheduleName, scheduledFireTime, schedule.Window);
        var report = await _builder.BuildAsync(slot.From, slot.To, cancellationToken);
        report = report with { Narrative = await narrator.NarrateAsync(report, cancellationToken) };

        var stored = new StoredReport(
            new ReportSummary(slot.Id, scheduleName, slot.From, slot.To, time.GetUtcNow(), schedule.Audience, report.Incidents, report.Narrative!.Status),
            ThreatReportRenderer.Json(report));
        await reports.InitializeAsync(cancellationToken);
        var isNew = await reports.UpsertAsync(stored, cancellationToken);
        var files = await ReportFiles.WriteAsync(options.Value.OutputFolder, slot.Id, report, schedule.Formats, cancellationToken);
        LogProduced(logger, slot.Id, report.Incidents, report.Narrative.Status, files.Count, isNew);
        return stored;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId}: {Incidents} incidents, narrative {NarrativeStatus}, {Files} files written (new: {IsNew})")]
    private static partial void LogProduced(ILogger logger, string reportId, long incidents, string narrativeStatus, int files, bool isNew);
}
