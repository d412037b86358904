using System.Collections.Concurrent;

namespace Llama3Siem.Worker.Tests.Reports;

/// <summary>
/// Real Quartz on its ADO.NET job store in a real SQLite file, near-future triggers: reports appear on
/// schedule, a fire missed while no worker ran is made up once, and two workers on one job store run each
/// fire once. Executions are counted by a job listener, apart from the stored reports: Quartz on SQLite is
/// not clustered and was seen to run one fire on both workers, so the test counts the executions that
/// produced a report (the report store's claim lets exactly one through) separately from those Quartz ran.
/// </summary>
public sealed class ReportSchedulingTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ConcurrentQueue<JobExecution> _executions = new();

    public void Dispose() => _folder.Dispose();

    private static Dictionary<string, string?> Schedule(string name, string cron, string window, params string[] formats)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Reports:Schedules:{name}:Cron"] = cron,
            [$"Reports:Schedules:{name}:Window"] = window,
            [$"Reports:Schedules:{name}:Audience"] = "analyst",
        };
        for (var i = 0; i < formats.Length; i++)
        {
            settings[$"Reports:Schedules:{name}:Formats:{i}"] = formats[i];
        }

        return settings;
    }

    private string SchedulerDb => Path.Combine(_folder.Path, "scheduler.db");

    private ReportWorker Worker(string instanceId, Dictionary<string, string?> settings) => new(_folder.Path, instanceId, settings, _executions);

    [Fact]
    public async Task Each_fire_stores_one_report_for_the_window_ending_at_its_scheduled_time_and_writes_its_files()
    {
        await using var worker = Worker("solo", Schedule("tick", "* * * * * ?", "00:00:01", "md", "json"));

        await worker.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(3.5), TestContext.Current.CancellationToken);
        await worker.StopAsync();

        var executions = _executions.ToList();
        var reports = await worker.Reports.ListAsync(100, 0, null, null, TestContext.Current.CancellationToken);
        Assert.InRange(executions.Count, 2, 5);
        Assert.All(executions, e => Assert.Equal((null, "produced"), (e.Error, e.Outcome)));
        Assert.Equal(executions.Select(e => e.ScheduledFireTime).Order(), reports.Select(r => r.To).Order());
        Assert.All(reports, r => Assert.Equal(r.To.AddSeconds(-1), r.From));
        Assert.All(reports, r => Assert.Equal(("tick", "analyst", 0L, "not_generated"), (r.Schedule, r.Audience, r.Incidents, r.NarrativeStatus)));
        foreach (var report in reports)
        {
            var stem = ScheduleTiming.ExpectedId("tick", report.To);
            Assert.Equal(stem, report.Id);
            Assert.True(File.Exists(Path.Combine(_folder.Path, "out", stem + ".md")), stem + ".md");
            Assert.True(File.Exists(Path.Combine(_folder.Path, "out", stem + ".json")), stem + ".json");
            Assert.False(File.Exists(Path.Combine(_folder.Path, "out", stem + ".html")));
            var stored = await worker.Reports.GetAsync(report.Id, TestContext.Current.CancellationToken);
            Assert.Contains("\"narrative\"", stored!.Json, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(_folder.Path, "out"), "*.tmp"));
        // Each fire stored a rescue trigger when it claimed its window and removed it once the report was stored.
        Assert.Equal(["tick"], StoredSchedulerState.TriggerNames(SchedulerDb));
    }

    [Fact]
    public async Task A_fire_missed_while_no_worker_ran_is_made_up_once_for_the_missed_window()
    {
        var missed = new MissedFire();
        var due = missed.Due;
        var settings = Schedule("daily", missed.DailyCron, "1.00:00:00", "html");
        await using var second = await missed.MakeUpAsync(instance => Worker(instance, settings), _executions);

        var execution = Assert.Single(_executions);
        Assert.Equal(("second", due, "produced"), (execution.Instance, execution.ScheduledFireTime, execution.Outcome));
        var report = Assert.Single(await second.Reports.ListAsync(100, 0, null, null, TestContext.Current.CancellationToken));
        Assert.Equal((due.AddDays(-1), due), (report.From, report.To));
        Assert.Equal(ScheduleTiming.ExpectedId("daily", due), report.Id);
        Assert.True(File.Exists(Path.Combine(_folder.Path, "out", report.Id + ".html")));
    }

    [Fact]
    public async Task Several_fires_missed_while_no_worker_ran_are_made_up_by_one_report()
    {
        // Every 2 s; the worker that stored the schedule stops, and about three fires pass with no worker.
        var settings = Schedule("often", "0/2 * * * * ?", "00:00:02", "json");
        DateTimeOffset stopped;
        await using (var first = Worker("first", settings))
        {
            await first.StartAsync();
            await first.StopAsync();
            stopped = DateTimeOffset.UtcNow;
        }

        var before = _executions.Count;
        await Task.Delay(TimeSpan.FromSeconds(7), TestContext.Current.CancellationToken);
        var restarted = DateTimeOffset.UtcNow;

        await using var second = Worker("second", settings);
        await second.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
        await second.StopAsync();

        var madeUp = _executions.Skip(before).Where(e => e.ScheduledFireTime > stopped && e.ScheduledFireTime < restarted).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"stopped {stopped:HH:mm:ss.fff}, restarted {restarted:HH:mm:ss.fff}");
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", _executions.Select(e => $"{e.ScheduledFireTime:HH:mm:ss} {e.Instance} {e.Outcome}")));
        var execution = Assert.Single(madeUp);
        Assert.Equal("produced", execution.Outcome);
        // Quartz keeps the trigger's stored next fire time as the made-up firing's scheduled time: the first missed one.
        Assert.True(execution.ScheduledFireTime < stopped.AddSeconds(2.5), $"made up {execution.ScheduledFireTime:HH:mm:ss.fff}, the first fire after {stopped:HH:mm:ss.fff}");
    }

    [Fact]
    public async Task A_fire_that_fails_gives_up_its_claim_and_is_retried_for_the_same_window_until_it_is_produced()
    {
        var (due, cron) = ScheduleTiming.DailyFireIn(4);
        var settings = Schedule("daily", cron, "1.00:00:00", "json");
        settings["Reports:RetryDelay"] = "00:00:01";
        settings["Reports:RetryAttempts"] = "3";
        // The rescue stored at the claim is due an hour later; the retry comes sooner only if the failure moved it.
        settings["Reports:ClaimLease"] = "01:00:00";
        // A directory where the incident database should be: the real store fails to open it until it is removed.
        var incidents = Directory.CreateDirectory(Path.Combine(_folder.Path, "incidents.db"));
        await using var worker = Worker("solo", settings);

        await worker.StartAsync();
        await ScheduleTiming.WaitForAsync(() => !_executions.IsEmpty, TimeSpan.FromSeconds(20));
        var failed = Assert.Single(_executions);
        var id = ScheduleTiming.ExpectedId("daily", due);
        var releasedClaim = await worker.Reports.TryClaimAsync(id, "probe", DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(1), TestContext.Current.CancellationToken);
        incidents.Delete();
        await ScheduleTiming.WaitForAsync(() => _executions.Any(e => e.Outcome == "produced"), TimeSpan.FromSeconds(20));
        await worker.StopAsync();

        Assert.Equal((due, null), (failed.ScheduledFireTime, failed.Outcome));
        Assert.NotNull(failed.Error);
        Assert.True(releasedClaim, "the failed fire still held its claim");
        Assert.All(_executions.Skip(1), e => Assert.True(e.ScheduledFireTime > due, "a retry runs after the fire"));
        Assert.InRange(_executions.Count, 2, 4);
        var report = Assert.Single(await worker.Reports.ListAsync(100, 0, null, null, TestContext.Current.CancellationToken));
        Assert.Equal((id, due.AddDays(-1), due), (report.Id, report.From, report.To));
        Assert.True(File.Exists(Path.Combine(_folder.Path, "out", id + ".json")));
        Assert.Empty(StoredSchedulerState.RetryTriggerNames(SchedulerDb));
    }

    [Fact]
    public async Task A_fire_that_keeps_failing_is_retried_the_configured_number_of_times_then_given_up()
    {
        var (due, cron) = ScheduleTiming.DailyFireIn(4);
        var settings = Schedule("daily", cron, "1.00:00:00", "json");
        settings["Reports:RetryDelay"] = "00:00:01";
        settings["Reports:RetryAttempts"] = "2";
        settings["Reports:ClaimLease"] = "01:00:00";
        Directory.CreateDirectory(Path.Combine(_folder.Path, "incidents.db"));
        await using var worker = Worker("solo", settings);

        await worker.StartAsync();
        // The fire, then retries after 1 s and 2 s more; then nothing for as long again.
        await ScheduleTiming.WaitForAsync(() => _executions.Count >= 3, TimeSpan.FromSeconds(25));
        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        await worker.StopAsync();

        Assert.Equal(3, _executions.Count);
        Assert.All(_executions, e => Assert.NotNull(e.Error));
        Assert.Equal(due, _executions.First().ScheduledFireTime);
        Assert.Empty(await worker.Reports.ListAsync(100, 0, null, null, TestContext.Current.CancellationToken));
        // The last attempt stores no rescue, and the earlier ones were moved to their retry time and have fired.
        Assert.Empty(StoredSchedulerState.RetryTriggerNames(SchedulerDb));
    }

    [Fact]
    public async Task Two_workers_on_one_job_store_produce_each_fire_once()
    {
        var settings = Schedule("tick", "* * * * * ?", "00:00:01", "json");
        await using var first = Worker("first", settings);
        await using var second = Worker("second", settings);

        await first.StartAsync();
        await second.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        await first.StopAsync();
        await second.StopAsync();

        var executions = _executions.ToList();
        var producedPerFire = executions.GroupBy(e => e.ScheduledFireTime).ToDictionary(g => g.Key, g => g.Count(e => e.Outcome == "produced"));
        var reports = await first.Reports.ListAsync(100, 0, null, null, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", executions.Select(e => $"{e.ScheduledFireTime:HH:mm:ss} {e.Instance} {e.Outcome}")));
        Assert.InRange(producedPerFire.Count, 3, 7);
        Assert.All(producedPerFire, fire => Assert.Equal(1, fire.Value));
        Assert.All(executions, e => Assert.Null(e.Error));
        Assert.All(executions, e => Assert.Contains(e.Outcome, new[] { "produced", "skipped" }));
        Assert.Equal(producedPerFire.Keys.Order(), reports.Select(r => r.To).Order());
    }
}
