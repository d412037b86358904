using System.Collections.Concurrent;
using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Sinks.Reports;
using Llama3Siem.Sinks.Sqlite;
using Llama3Siem.Worker.Reports.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Llama3Siem.Worker.Tests.Reports;

/// <summary>
/// One worker's report scheduling, as the worker host registers it, over files in a shared folder: the
/// incident store, the report store, the Quartz job store and the output folder. Every job execution is
/// recorded in <see cref="Executions"/> by a job listener, independently of the reports it stores. Settings
/// given override the folder's defaults (e.g. a PostgreSQL job store); <c>logs</c>, when given, records
/// everything down to Debug, Quartz's own account of its locking included.
/// </summary>
internal sealed class ReportWorker : IAsyncDisposable
{
    private readonly IHost _host;

    public ReportWorker(string folder, string instanceId, IReadOnlyDictionary<string, string?> settings, ConcurrentQueue<JobExecution> executions, ILoggerProvider? logs = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reports:OutputFolder"] = Path.Combine(folder, "out"),
            ["Reports:StorePath"] = Path.Combine(folder, "reports.db"),
            ["Reports:JobStore:ConnectionString"] = $"Data Source={Path.Combine(folder, "scheduler.db")};Default Timeout=30",
            ["Reports:JobStore:InstanceId"] = instanceId,
            ["Reports:MisfireThreshold"] = "00:00:01",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        }

        builder.Services.AddSingleton<IIncidentStore>(new SqliteIncidentStore(new SqliteStoreOptions { Path = Path.Combine(folder, "incidents.db") }));
        builder.Services.AddSingleton(ThreatKnowledge.BuiltIn);
        builder.Services.AddLlama3SiemReports(builder.Configuration);
        builder.Services.ConfigureAllQuartzSchedulers(quartz =>
            quartz.AddJobListener(new RecordingJobListener(instanceId, executions), [GroupMatcher<JobKey>.GroupEquals(ReportJob.Group)]));
        _host = builder.Build();
    }

    public IReportStore Reports => _host.Services.GetRequiredService<IReportStore>();

    /// <summary>This worker's Quartz scheduler (started with the worker).</summary>
    public ValueTask<IScheduler> SchedulerAsync() => _host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);

    public Task StartAsync() => _host.StartAsync(TestContext.Current.CancellationToken);

    public Task StopAsync() => _host.StopAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }

    private sealed class RecordingJobListener(string instanceId, ConcurrentQueue<JobExecution> executions) : IJobListener
    {
        public string Name => "recording-" + instanceId;

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask JobProgressChanged(IJobExecutionContext context, Quartz.Extensibility.FireInstanceProgress progress, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken)
        {
            executions.Enqueue(new JobExecution(instanceId, context.JobDetail.Key.Name, context.ScheduledFireTimeUtc ?? context.FireTimeUtc, context.Result as string, jobException?.GetBaseException().Message));
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>One execution of a report job, as Quartz reported it: by which worker, for which scheduled time, whether it produced the report or skipped it, with which error.</summary>
internal sealed record JobExecution(string Instance, string Schedule, DateTimeOffset ScheduledFireTime, string? Outcome, string? Error);
