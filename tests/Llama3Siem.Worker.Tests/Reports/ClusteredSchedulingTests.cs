using System.Collections.Concurrent;
using Llama3Siem.Worker.Reports.Scheduling;
using Llama3Siem.Worker.Tests.Inference;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Llama3Siem.Worker.Tests.Reports;

/// <summary>
/// Real Quartz, clustered, on its ADO.NET job store in a real PostgreSQL (<see cref="PostgresServer"/>), with
/// near-future triggers. Unlike SQLite, where the report store's claim has to stop the second run of a fire,
/// here Quartz itself runs each fire on exactly one worker: every execution the job listener records
/// produced its report, none was skipped. The report store stays SQLite in the shared folder.
/// </summary>
public sealed class ClusteredSchedulingTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ConcurrentQueue<JobExecution> _executions = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>The settings of a clustered job store in the PostgreSQL database <paramref name="jobStore"/>.</summary>
    private static Dictionary<string, string?> ClusteredJobStore(string jobStore) => new()
    {
        ["Reports:JobStore:Kind"] = "ado",
        ["Reports:JobStore:Provider"] = "Npgsql",
        ["Reports:JobStore:ConnectionString"] = jobStore,
        ["Reports:JobStore:Clustered"] = "true",
    };

    private static Dictionary<string, string?> Clustered(string jobStore, string name, string cron, string window) => new(ClusteredJobStore(jobStore))
    {
        [$"Reports:Schedules:{name}:Cron"] = cron,
        [$"Reports:Schedules:{name}:Window"] = window,
        [$"Reports:Schedules:{name}:Audience"] = "analyst",
        [$"Reports:Schedules:{name}:Formats:0"] = "json",
    };

    private ReportWorker Worker(string instanceId, Dictionary<string, string?> settings, ILoggerProvider? logs = null) =>
        new(_folder.Path, instanceId, settings, _executions, logs);

    [Fact]
    public async Task Two_clustered_workers_run_each_fire_once_between_them()
    {
        var jobStore = await server.CreateDatabaseAsync();
        var settings = Clustered(jobStore, "tick", "* * * * * ?", "00:00:01");
        var logs = new RecordingLoggerProvider();
        await using var first = Worker("first", settings, logs);
        await using var second = Worker("second", settings);

        await first.StartAsync();
        await second.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        var checkedIn = await QueryAsync(jobStore, "SELECT instance_name FROM qrtz_scheduler_state ORDER BY 1");
        await first.StopAsync();
        await second.StopAsync();

        var executions = _executions.ToList();
        var reports = await first.Reports.ListAsync(100, 0, null, null, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", executions.Select(e => $"{e.ScheduledFireTime:HH:mm:ss.fff} {e.Instance} {e.Outcome}")));
        // Quartz's own account of how it ran: clustered, serialised by row locks in the database.
        var quartz = logs.Entries.Where(e => e.Category.StartsWith("Quartz", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Contains(quartz, m => m.EndsWith("clustered: True", StringComparison.Ordinal));
        Assert.Contains(quartz, m => m.Contains("locking (synchronization) via PostgreSqlSelectForUpdateLockHandler", StringComparison.Ordinal));
        Assert.Contains(quartz, m => m.Contains("FROM QRTZ_LOCKS WHERE SCHED_NAME = :schedulerName AND LOCK_NAME = :lockName FOR UPDATE", StringComparison.Ordinal));
        Assert.Equal(["first", "second"], checkedIn);
        Assert.InRange(executions.Count, 3, 7);
        Assert.All(executions.GroupBy(e => e.ScheduledFireTime), fire => Assert.Single(fire));
        Assert.All(executions, e => Assert.Equal((null, "produced"), (e.Error, e.Outcome)));
        Assert.Equal(executions.Select(e => Slot(e).Id).Order(), reports.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task A_fire_missed_while_no_clustered_worker_ran_is_made_up_once_for_the_missed_window()
    {
        var jobStore = await server.CreateDatabaseAsync();
        var missed = new MissedFire();
        var due = missed.Due;
        var settings = Clustered(jobStore, "daily", missed.DailyCron, "1.00:00:00");
        await using var second = await missed.MakeUpAsync(instance => Worker(instance, settings), _executions);

        var execution = Assert.Single(_executions);
        Assert.Equal(("second", due, "produced"), (execution.Instance, execution.ScheduledFireTime, execution.Outcome));
        var report = Assert.Single(await second.Reports.ListAsync(100, 0, null, null, TestContext.Current.CancellationToken));
        Assert.Equal((due.AddDays(-1), due, Slot(execution).Id), (report.From, report.To, report.Id));
    }

    [Fact]
    public async Task When_one_clustered_worker_stops_the_other_runs_the_following_fires()
    {
        var jobStore = await server.CreateDatabaseAsync();
        var settings = Clustered(jobStore, "tick", "* * * * * ?", "00:00:01");
        await using var first = Worker("first", settings);
        await using var second = Worker("second", settings);
        await first.StartAsync();
        await second.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(2.5), TestContext.Current.CancellationToken);

        await first.StopAsync();
        var stopped = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(3.5), TestContext.Current.CancellationToken);
        await second.StopAsync();

        var executions = _executions.ToList();
        var reports = await second.Reports.ListAsync(100, 0, null, null, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", executions.Select(e => $"{e.ScheduledFireTime:HH:mm:ss.fff} {e.Instance} {e.Outcome}")));
        // A stopping node hands back the trigger it had acquired, and the other node finds it at its next
        // poll, which can be a second or two later: with a 1 s cron and a 1 s misfire threshold the fire-once-now
        // misfire instruction then merges two fires into one. So every fire after the stop runs on the second
        // worker, once, but one of them may be missing; real schedules have a 1 min threshold to cover that poll.
        var afterStop = executions.Where(e => e.ScheduledFireTime > stopped).ToList();
        Assert.InRange(afterStop.Count, 2, 5);
        Assert.All(afterStop, e => Assert.Equal("second", e.Instance));
        Assert.All(executions.GroupBy(e => e.ScheduledFireTime), fire => Assert.Single(fire));
        Assert.All(executions, e => Assert.Equal((null, "produced"), (e.Error, e.Outcome)));
        Assert.Equal(executions.Select(e => Slot(e).Id).Order(), reports.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task A_failed_fire_is_retried_once_for_its_window_by_one_of_the_clustered_workers()
    {
        var jobStore = await server.CreateDatabaseAsync();
        var (due, cron) = ScheduleTiming.DailyFireIn(4);
        var settings = Clustered(jobStore, "daily", cron, "1.00:00:00");
        settings["Reports:RetryDelay"] = "00:00:03";
        // The shared incident database cannot be opened until the directory in its place is removed.
        var incidents = Directory.CreateDirectory(Path.Combine(_folder.Path, "incidents.db"));
        await using var first = Worker("first", settings);
        await using var second = Worker("second", settings);

        await first.StartAsync();
        await second.StartAsync();
        await ScheduleTiming.WaitForAsync(() => !_executions.IsEmpty, TimeSpan.FromSeconds(20));
        var retryTriggers = await QueryAsync(jobStore, "SELECT trigger_name FROM qrtz_triggers WHERE trigger_name LIKE '%-retry-%'");
        incidents.Delete();
        await ScheduleTiming.WaitForAsync(() => _executions.Any(e => e.Outcome == "produced"), TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        await first.StopAsync();
        await second.StopAsync();

        var executions = _executions.ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", executions.Select(e => $"{e.ScheduledFireTime:HH:mm:ss.fff} {e.Instance} {e.Outcome} {e.Error}")));
        var slot = ReportSlot.Ending("daily", due, TimeSpan.FromDays(1));
        Assert.Equal([slot.Id + "-retry-1"], retryTriggers);
        Assert.Equal(2, executions.Count);
        Assert.Equal((due, null), (executions[0].ScheduledFireTime, executions[0].Outcome));
        Assert.Equal("produced", executions[1].Outcome);
        var report = Assert.Single(await first.Reports.ListAsync(100, 0, null, null, TestContext.Current.CancellationToken));
        Assert.Equal((slot.Id, slot.From, slot.To), (report.Id, report.From, report.To));
    }

    [Fact]
    public async Task A_clustered_worker_killed_while_producing_leaves_a_rescue_that_a_live_peer_runs_once_the_dead_node_is_recovered()
    {
        var jobStore = await server.CreateDatabaseAsync();
        var crash = new KilledWhileProducing(_folder, async () => await QueryAsync(jobStore, "SELECT trigger_name FROM qrtz_triggers"));
        var clustered = ClusteredJobStore(jobStore);
        await crash.KillAsync(new Dictionary<string, string?>(clustered) { ["Reports:JobStore:InstanceId"] = "killed" });
        var killedAt = DateTimeOffset.UtcNow;

        // The peer starts after the kill so that the fire went to the worker that dies (either node may take a fire).
        await using var peer = Worker("peer", new Dictionary<string, string?>(crash.Settings.Concat(clustered)));
        await peer.StartAsync();
        // Quartz's cluster manager declares the dead node failed once its check-in (every 7.5 s) is overdue, then
        // frees the triggers its run left blocked.
        await ScheduleTiming.WaitForAsync(() => !_executions.IsEmpty, TimeSpan.FromSeconds(60));
        var producedAt = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var retryTriggers = await QueryAsync(jobStore, "SELECT trigger_name FROM qrtz_triggers WHERE trigger_name LIKE '%-retry-%'");
        await peer.StopAsync();

        TestContext.Current.TestOutputHelper?.WriteLine($"killed {killedAt:HH:mm:ss.fff}, produced {producedAt:HH:mm:ss.fff}");
        var execution = Assert.Single(_executions);
        Assert.Equal(("peer", "produced", null), (execution.Instance, execution.Outcome, execution.Error));
        Assert.True(execution.ScheduledFireTime >= crash.EarliestRescue, $"the rescue was due at {execution.ScheduledFireTime:o}, before the claim of the fire at {crash.Due:o} ran out");
        var report = Assert.Single(await peer.Reports.ListAsync(100, 0, null, null, TestContext.Current.CancellationToken));
        Assert.Equal((crash.Id, crash.Due.AddDays(-1), crash.Due), (report.Id, report.From, report.To));
        Assert.Empty(retryTriggers);
    }

    private static ReportSlot Slot(JobExecution execution) =>
        ReportSlot.Ending(execution.Schedule, execution.ScheduledFireTime, execution.Schedule == "daily" ? TimeSpan.FromDays(1) : TimeSpan.FromSeconds(1));

    private static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
#pragma warning disable CA2100 // the tests' own constant queries
        await using var query = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await using var reader = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var values = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
