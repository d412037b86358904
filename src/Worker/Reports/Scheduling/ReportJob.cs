using System.Globalization;
using Llama3Siem.Sinks.Reports;
using Llama3Siem.Worker.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Llama3Siem.Worker.Reports.Scheduling;

/// <summary>
/// The Quartz job of one report schedule (the job key's name is the schedule's name). The window ends at the
/// trigger's scheduled fire time, which for a made-up misfire is the missed time, so the made-up report
/// covers the window that was missed. Quartz cannot cluster on SQLite and two workers on one SQLite job
/// store were seen to run the same fire twice, so the job first claims the window in the report store and
/// skips it when another worker holds it; <see cref="IJobExecutionContext.Result"/> says which happened.
/// </summary>
/// <remarks>
/// <para>
/// A production that fails (the incident store unreachable at 06:00, say) would otherwise lose that window's
/// report for good: Quartz moves on to the next fire. So the job gives up its claim and schedules a one-off
/// retry trigger for the same window in the job store, which survives a restart and may fire on any worker,
/// after <see cref="ReportOptions.RetryDelay"/>, doubled per attempt, up to <see cref="ReportOptions.RetryAttempts"/>.
/// </para>
/// <para>
/// A worker that dies while producing runs no catch block, so the retry trigger is stored beforehand, as soon
/// as the window is claimed: a rescue due when the claim's lease has run out (plus the attempt's delay). A
/// production that ends removes it; one that fails moves it to the retry's time. After a crash it stays in
/// the job store and fires on the restarted worker, or on a clustered peer, and finds the claim expired.
/// </para>
/// </remarks>
[DisallowConcurrentExecution]
internal sealed partial class ReportJob(ScheduledReportProducer producer, IReportStore reports, IOptions<ReportOptions> options, TimeProvider time, ILogger<ReportJob> logger) : IJob
{
    public const string Group = "llama3siem-reports";
    public const string Produced = "produced";
    public const string Skipped = "skipped";

    /// <summary>
    /// Retry triggers carry the window's end (ISO 8601) and their attempt number in their data, both as text:
    /// the job store serialises the data as JSON, where an integer would not come back as one.
    /// </summary>
    internal const string WindowEndKey = "windowEnd";
    internal const string AttemptKey = "attempt";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var schedule = context.JobDetail.Key.Name;
        var data = context.Trigger.JobDataMap;
        var windowEnd = data.TryGetString(WindowEndKey, out var end) && end is not null
            ? DateTimeOffset.Parse(end, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var attempt = data.TryGetString(AttemptKey, out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var a) ? a : 0;
        var id = ReportSlot.Ending(schedule, windowEnd, TimeSpan.Zero).Id;
        var instance = await context.Scheduler.GetSchedulerInstanceId(cancellationToken);
        // A scheduler that is not clustered calls itself NON_CLUSTERED on every worker: name the process instead,
        // so that a claim says which worker holds it.
        var worker = instance == "NON_CLUSTERED" ? $"{Environment.MachineName}:{Environment.ProcessId}" : instance;
        TriggerKey? rescue = null;
        try
        {
            var report = await producer.ProduceAsync(
                schedule,
                windowEnd,
                worker,
                async () => rescue = await ScheduleRescueAsync(context, id, windowEnd, attempt),
                cancellationToken);
            context.Result = report is null ? Skipped : Produced;
        }
        catch (Exception failure) when (failure is not JobExecutionException)
        {
            await GiveUpClaimAsync(id, worker);
            await ScheduleRetryAsync(context, id, windowEnd, attempt, rescue, failure);
            throw new JobExecutionException($"Report schedule '{schedule}' failed to produce the window ending {windowEnd:o}.", failure);
        }

        // Outside the try: the report is stored, and a rescue left behind would only find it so and skip.
        await RemoveRescueAsync(context, id, rescue);
    }

    private ITrigger RetryTrigger(IJobExecutionContext context, string id, DateTimeOffset windowEnd, int retry, DateTimeOffset at) =>
        TriggerBuilder.Create()
            .WithIdentity($"{id}-retry-{retry}", Group)
            .ForJob(context.JobDetail.Key)
            .UsingJobData(WindowEndKey, windowEnd.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture))
            .UsingJobData(AttemptKey, retry.ToString(CultureInfo.InvariantCulture))
            .StartAt(at)
            // A worker that was down at the retry's time tries as soon as it is back.
            .WithSimpleSchedule(simple => simple.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();

    private TimeSpan Backoff(int attempt) => options.Value.RetryDelay * Math.Pow(2, attempt);

    /// <summary>Stores the next attempt's trigger, due after the claim's lease; null when there is no next attempt or it could not be stored.</summary>
    private async Task<TriggerKey?> ScheduleRescueAsync(IJobExecutionContext context, string id, DateTimeOffset windowEnd, int attempt)
    {
        var settings = options.Value;
        if (attempt >= settings.RetryAttempts)
        {
            return null;
        }

        var trigger = RetryTrigger(context, id, windowEnd, attempt + 1, time.GetUtcNow() + settings.ClaimLease + Backoff(attempt));
        try
        {
            // Not the job's token: the trigger must be stored whole or not at all, whatever happens to the job.
            await context.Scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), CancellationToken.None);
            return trigger.Key;
        }
        catch (ObjectAlreadyExistsException)
        {
            // A duplicate fire on a shared, non-clustered job store stored it first; the claim holder owns it either way.
            return trigger.Key;
        }
        catch (SchedulerException scheduling)
        {
            LogRescueNotScheduled(logger, id, scheduling.GetType().Name);
            return null;
        }
    }

    private async Task RemoveRescueAsync(IJobExecutionContext context, string id, TriggerKey? rescue)
    {
        if (rescue is null)
        {
            return;
        }

        try
        {
            await context.Scheduler.UnscheduleJob(rescue, CancellationToken.None);
        }
        catch (SchedulerException scheduling)
        {
            LogRescueNotRemoved(logger, id, scheduling.GetType().Name);
        }
    }

    private async Task GiveUpClaimAsync(string id, string worker)
    {
        try
        {
            // Not the job's token: a job interrupted at shutdown should still hand its window back.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await reports.ReleaseClaimAsync(id, worker, timeout.Token);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // The store that failed the report may fail this too; the claim then runs out with its lease.
            LogReleaseFailed(logger, id, failure.GetType().Name);
        }
    }

    private async Task ScheduleRetryAsync(IJobExecutionContext context, string id, DateTimeOffset windowEnd, int attempt, TriggerKey? rescue, Exception failure)
    {
        var settings = options.Value;
        if (attempt >= settings.RetryAttempts)
        {
            LogGivenUp(logger, id, attempt + 1, failure.GetType().Name, failure);
            return;
        }

        var next = attempt + 1;
        var at = time.GetUtcNow() + Backoff(attempt);
        var trigger = RetryTrigger(context, id, windowEnd, next, at);
        try
        {
            // The rescue stored at the claim becomes the retry, sooner now that the claim is released; without
            // one (the failure came before the claim), the retry is stored anew.
            var moved = rescue is not null && await context.Scheduler.RescheduleJob(rescue, trigger, CancellationToken.None) is not null;
            if (!moved)
            {
                await context.Scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), CancellationToken.None);
            }

            LogRetrying(logger, id, next, settings.RetryAttempts, at, failure.GetType().Name, failure);
        }
        catch (SchedulerException scheduling)
        {
            // The scheduler is shutting down, or its store is the thing that failed. A rescue stored at the claim
            // may still be there, due after the lease.
            LogRetryNotScheduled(logger, id, scheduling.GetType().Name, failure);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report {ReportId}: its rescue trigger could not be stored ({Failure}); should this worker die while producing, the window is left to the report command")]
    private static partial void LogRescueNotScheduled(ILogger logger, string reportId, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report {ReportId} was produced but its rescue trigger could not be removed ({Failure}); it will fire once, find the report and skip")]
    private static partial void LogRescueNotRemoved(ILogger logger, string reportId, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report {ReportId} failed ({Failure}); retry {Attempt} of {Attempts} at {RetryAt:o}")]
    private static partial void LogRetrying(ILogger logger, string reportId, int attempt, int attempts, DateTimeOffset retryAt, string failure, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Report {ReportId} failed ({Failure}) on attempt {Attempt}, the last one; its window has no report. Produce it with the report command")]
    private static partial void LogGivenUp(ILogger logger, string reportId, int attempt, string failure, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Report {ReportId} failed and its retry could not be scheduled ({SchedulingFailure}); only a rescue trigger stored at the claim, if any, will try the window again after the claim's lease. Otherwise produce it with the report command")]
    private static partial void LogRetryNotScheduled(ILogger logger, string reportId, string schedulingFailure, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report {ReportId}: the claim could not be released ({Failure}); a retry waits for its lease to end")]
    private static partial void LogReleaseFailed(ILogger logger, string reportId, string failure);
}
