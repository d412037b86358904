using Quartz;

namespace Llama3Siem.Worker.Reports.Scheduling;

/// <summary>
/// The Quartz job of one report schedule (the job key's name is the schedule's name). The window ends at the
/// trigger's scheduled fire time, which for a made-up misfire is the missed time, so the made-up report
/// covers the window that was missed.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ReportJob(ScheduledReportProducer producer) : IJob
{
    public const string Group = "llama3siem-reports";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var scheduled = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        await producer.ProduceAsync(context.JobDetail.Key.Name, scheduled, cancellationToken);
    }
}
