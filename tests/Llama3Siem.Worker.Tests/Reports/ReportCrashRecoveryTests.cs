using System.Collections.Concurrent;
using System.Diagnostics;
using Llama3Siem.Worker.Tests.Kafka;

namespace Llama3Siem.Worker.Tests.Reports;

/// <summary>
/// A worker killed (SIGKILL) while it produces a scheduled report: no catch block runs, nothing is released. The
/// real worker program runs as a child process whose model file is a named pipe that answers the configuration
/// check (the GGUF magic) and then nothing, like a model on a mount that stopped responding: the report job claims
/// its window, then hangs loading the model for the narrative, and the test kills the process there. A second
/// worker, started on the same files, must produce that window once the dead worker's claim has run out.
/// </summary>
public sealed class ReportCrashRecoveryTests : IDisposable
{
    private static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly TempFolder _folder = new();
    private readonly ConcurrentQueue<JobExecution> _executions = new();

    public void Dispose() => _folder.Dispose();

    private string SchedulerDb => _folder.File("scheduler.db");

    private string ReportsDb => _folder.File("reports.db");

    [Fact]
    public async Task A_worker_killed_while_producing_leaves_a_rescue_that_produces_the_window_once_its_claim_has_run_out()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("needs mkfifo and SIGKILL (Linux)");
        }

        // Twenty seconds leave a loaded CI machine time to start the worker program before its fire.
        var (due, cron) = ScheduleTiming.DailyFireIn(20);
        var id = ScheduleTiming.ExpectedId("crash", due);
        var schedule = new Dictionary<string, string?>
        {
            ["Reports:Schedules:crash:Cron"] = cron,
            ["Reports:Schedules:crash:Window"] = "1.00:00:00",
            ["Reports:Schedules:crash:Formats:0"] = "json",
            ["Reports:ClaimLease"] = ClaimLease.ToString(),
            ["Reports:RetryDelay"] = RetryDelay.ToString(),
            ["Reports:RetryAttempts"] = "3",
        };

        var model = _folder.File("model.gguf");
        await RunAsync("mkfifo", model);
        using var magic = ServeGgufMagic(model);
        try
        {
            using var first = ChildWorker.Start(FirstWorkerArguments(model, schedule), _folder.File("first.log"));
            // Start-up (configuration checked, schedule stored) ends before the fire; then the pipe goes silent.
            await ScheduleTiming.WaitForAsync(() => first.HasExited || StoredSchedulerState.TriggerNames(SchedulerDb).Contains("crash"), TimeSpan.FromSeconds(30));
            Assert.False(first.HasExited, "the first worker stopped: " + File.ReadAllText(_folder.File("first.log")));
            Assert.True(DateTimeOffset.UtcNow < due - TimeSpan.FromSeconds(1), "the first worker started too late for its fire; the test proves nothing");
            magic.Kill(entireProcessTree: true);
            await magic.WaitForExitAsync(TestContext.Current.CancellationToken);

            // The fire claims the window and stores its rescue before it produces anything.
            await ScheduleTiming.WaitForAsync(
                () => StoredSchedulerState.ClaimOwner(ReportsDb, id) is not null && StoredSchedulerState.TriggerNames(SchedulerDb).Contains(id + "-retry-1"),
                due - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(0.5), TestContext.Current.CancellationToken);
            Assert.False(first.HasExited);
            first.Kill();
        }
        finally
        {
            // Blocked on the pipe, the loop would outlive a failed test.
            if (!magic.HasExited)
            {
                magic.Kill(entireProcessTree: true);
            }
        }

        Assert.Empty(StoredSchedulerState.ReportIds(ReportsDb));
        Assert.False(File.Exists(Path.Combine(_folder.Path, "out", id + ".json")), "the killed worker wrote the report's file");

        await using var second = new ReportWorker(_folder.Path, "second", schedule, _executions);
        await second.StartAsync();
        await ScheduleTiming.WaitForAsync(() => !_executions.IsEmpty, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        await second.StopAsync();

        var execution = Assert.Single(_executions);
        Assert.Equal(("second", "produced", null), (execution.Instance, execution.Outcome, execution.Error));
        // The rescue is due when the dead worker's lease has run out, plus the delay of the first retry.
        Assert.True(execution.ScheduledFireTime >= due + ClaimLease + RetryDelay, $"the rescue was due at {execution.ScheduledFireTime:o}, before the claim of the fire at {due:o} ran out");
        var report = Assert.Single(await second.Reports.ListAsync(100, 0, null, null, TestContext.Current.CancellationToken));
        Assert.Equal((id, due.AddDays(-1), due), (report.Id, report.From, report.To));
        Assert.True(File.Exists(Path.Combine(_folder.Path, "out", id + ".json")));
        Assert.Empty(StoredSchedulerState.RetryTriggerNames(SchedulerDb));
    }

    /// <summary>The worker program with this test's files, reading events from its standard input (so it runs until killed).</summary>
    private List<string> FirstWorkerArguments(string model, Dictionary<string, string?> schedule)
    {
        var arguments = new List<string>
        {
            "--Reports:Enabled=true",
            "--Source:File:Path=-",
            "--Llama:ModelPath=" + model,
            "--Store:Sqlite:Path=" + _folder.File("incidents.db"),
            "--DeadLetters:Path=" + _folder.File("dead-letters.jsonl"),
            "--Reports:StorePath=" + ReportsDb,
            "--Reports:OutputFolder=" + Path.Combine(_folder.Path, "out"),
            $"--Reports:JobStore:ConnectionString=Data Source={SchedulerDb};Default Timeout=30",
            "--Reports:MisfireThreshold=00:00:01",
            "--Reports:Schedules:daily:Enabled=false",
            "--Reports:Schedules:hourly:Enabled=false",
        };
        arguments.AddRange(schedule.Select(setting => $"--{setting.Key}={setting.Value}"));
        return arguments;
    }

    /// <summary>Writes the four bytes of the GGUF magic to every reader of the pipe until it is killed.</summary>
    private static Process ServeGgufMagic(string pipe)
    {
        var start = new ProcessStartInfo("sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("while :; do printf GGUF > \"$1\"; done");
        start.ArgumentList.Add("serve-gguf-magic");
        start.ArgumentList.Add(pipe);
        return Process.Start(start) ?? throw new InvalidOperationException("sh did not start");
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(program, arguments);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, process.ExitCode);
    }
}
