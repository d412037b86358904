using System.Collections.Concurrent;

namespace Llama3Siem.Worker.Tests.Reports;

/// <summary>
/// The embedded default, a SQLite job store: a worker killed while it produces a report (<see cref="KilledWhileProducing"/>)
/// is restarted on the same files and must produce that window once the dead run's claim has run out. The same on
/// a clustered PostgreSQL job store, with a live peer instead of a restart, is in <see cref="ClusteredSchedulingTests"/>.
/// </summary>
public sealed class ReportCrashRecoveryTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ConcurrentQueue<JobExecution> _executions = new();

    public void Dispose() => _folder.Dispose();

    private string SchedulerDb => _folder.File("scheduler.db");

    [Fact]
    public async Task A_worker_killed_while_producing_leaves_a_rescue_that_produces_the_window_once_its_claim_has_run_out()
    {
        var crash = new KilledWhileProducing(_folder, () => Task.FromResult(StoredSchedulerState.TriggerNames(SchedulerDb)));
        await crash.KillAsync(new Dictionary<string, string?> { ["Reports:JobStore:ConnectionString"] = $"Data Source={SchedulerDb};Default Timeout=30" });

        Assert.Empty(StoredSchedulerState.ReportIds(_folder.File("reports.db")));
        Assert.False(File.Exists(Path.Combine(_folder.Path, "out", crash.Id + ".json")), "the killed worker wrote the report's file");

        // The restart: Quartz's recovery at start frees the dead run's blocked triggers.
        await using var restarted = new ReportWorker(_folder.Path, "restarted", crash.Settings, _executions);
        await restarted.StartAsync();
        await ScheduleTiming.WaitForAsync(() => !_executions.IsEmpty, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        await restarted.StopAsync();

        var execution = Assert.Single(_executions);
        Assert.Equal(("restarted", "produced", null), (execution.Instance, execution.Outcome, execution.Error));
        Assert.True(execution.ScheduledFireTime >= crash.EarliestRescue, $"the rescue was due at {execution.ScheduledFireTime:o}, before the claim of the fire at {crash.Due:o} ran out");
        var report = Assert.Single(await restarted.Reports.ListAsync(100, 0, null, null, TestContext.Current.CancellationToken));
        Assert.Equal((crash.Id, crash.Due.AddDays(-1), crash.Due), (report.Id, report.From, report.To));
        Assert.True(File.Exists(Path.Combine(_folder.Path, "out", crash.Id + ".json")));
        Assert.Empty(StoredSchedulerState.RetryTriggerNames(SchedulerDb));
    }
}
