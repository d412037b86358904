using Quartz;

namespace Llama3Siem.Worker.Reports.Scheduling;

/// <summary>
/// The Quartz job of one report schedule (the job key's name is the schedule's name). The window ends at the
/// trigger's scheduled fire time, which for a made-up misfire is the missed time, so the made-up report
/// covers the window that was missed. Quartz cannot cluster on SQLite and two workers on one SQLite job
/// store were seen to run the same fire twice, so the job first claims the window in the report store and
/// skips it when another worker holds it; <see cref="IJobExecutionContext.Result"/> says which happened.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ReportJob(ScheduledReportProducer producer) : IJob
{
    public const string Group = "llama3siem-reports";
    public const string Produced = "produced";
    public const string Skipped = "skipped";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var scheduled = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var instance = await context.Scheduler.GetSchedulerInstanceId(cancellationToken);
        // A scheduler that is not clustered calls itself NON_CLUSTERED on every worker: name the process instead,
        // so that a claim says which worker holds it.
        var worker = instance == "NON_CLUSTERED" ? $"{Environment.MachineName}:{Environment.ProcessId}" : instance;
        var report = await producer.ProduceAsync(context.JobDetail.Key.Name, scheduled, worker, cancellationToken);
        context.Result = report is null ? Skipped : Produced;
    }
}
