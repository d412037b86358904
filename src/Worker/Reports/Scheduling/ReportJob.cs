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
        var worker = await context.Scheduler.GetSchedulerInstanceId(cancellationToken);
        var report = await producer.ProduceAsync(context.JobDetail.Key.Name, scheduled, worker, cancellationToken);
        context.Result = report is null ? Skipped : Produced;
    }
}
