using Llama3Siem.Sinks.Reports;
using Llama3Siem.Worker.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Llama3Siem.Worker.Reports.Scheduling;

/// <summary>
/// Runs before Quartz's hosted service starts the scheduler: creates the job-store tables when missing
/// (SQLite, or PostgreSQL with <c>Reports:JobStore:CreateTables</c>), then brings the stored jobs and
/// triggers in line with <c>Reports:Schedules</c>.
/// </summary>
/// <remarks>
/// A trigger whose cron expression, time zone and misfire instruction are unchanged is left as it is stored:
/// replacing it would compute its next fire time from now and silently drop a fire missed while the worker
/// was down, which is exactly what the misfire instruction is there to make up.
/// </remarks>
internal sealed partial class ReportScheduleRegistrar(
    ISchedulerFactory schedulers,
    IReportStore reports,
    IOptions<ReportOptions> options,
    ILogger<ReportScheduleRegistrar> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var store = settings.JobStore;
        if (store.CreatesTables && store.Kind == ReportJobStoreKinds.Sqlite)
        {
            await QuartzSqliteSchema.CreateIfMissingAsync(store.ConnectionString, store.TablePrefix, cancellationToken);
        }
        else if (store.CreatesTables && store.Provider == ReportJobStoreKinds.PostgresProvider)
        {
            await QuartzPostgresSchema.CreateIfMissingAsync(store.ConnectionString, store.TablePrefix, cancellationToken);
        }

        await reports.InitializeAsync(cancellationToken);
        var scheduler = await schedulers.GetScheduler(cancellationToken);

        var enabled = settings.Schedules.Where(s => s.Value.Enabled).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(ReportJob.Group), cancellationToken))
        {
            if (!enabled.ContainsKey(key.Name))
            {
                await scheduler.DeleteJob(key, cancellationToken);
                LogRemoved(logger, key.Name);
            }
        }

        foreach (var (name, schedule) in enabled)
        {
            ReportOptionsValidator.TryFindTimeZone(schedule.TimeZone, out var zone);
            var triggerKey = new TriggerKey(name, ReportJob.Group);
            if (await scheduler.GetTrigger(triggerKey, cancellationToken) is ICronTrigger stored
                && stored.CronExpressionString == schedule.Cron
                && stored.TimeZone.Id == zone.Id
                && stored.MisfireInstruction == CronTriggerMisfireInstruction.FireAndProceed)
            {
                LogKept(logger, name, stored.NextFireTimeUtc);
                continue;
            }

            var job = JobBuilder.Create<ReportJob>().WithIdentity(name, ReportJob.Group).StoreDurably().Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(triggerKey)
                .ForJob(job)
                .WithCronSchedule(schedule.Cron, cron => cron.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build();
            var next = await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
            LogScheduled(logger, name, schedule.Cron, zone.Id, next);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Report schedule {Schedule} kept as stored; next fire {NextFire:o}")]
    private static partial void LogKept(ILogger logger, string schedule, DateTimeOffset? nextFire);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report schedule {Schedule} scheduled: '{Cron}' in {TimeZone}; next fire {NextFire:o}")]
    private static partial void LogScheduled(ILogger logger, string schedule, string cron, string timeZone, DateTimeOffset nextFire);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report schedule {Schedule} is no longer configured (or disabled): removed from the job store")]
    private static partial void LogRemoved(ILogger logger, string schedule);
}
