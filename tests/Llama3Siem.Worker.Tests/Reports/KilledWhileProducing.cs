using System.Diagnostics;
using Llama3Siem.Worker.Tests.Hosting;

namespace Llama3Siem.Worker.Tests.Reports;

/// <summary>
/// A worker killed (SIGKILL) while it produces a scheduled report: no catch block runs, nothing is released. The
/// real worker program runs as a child process whose model file is a named pipe that answers the configuration
/// check (the GGUF magic) and then nothing, like a model on a mount that stopped responding: the report job claims
/// its window, then hangs loading the model for the narrative, and is killed there. The same steps on any job
/// store; the report store, incident store and output folder are SQLite files and a folder in the test's folder,
/// where <see cref="ReportWorker"/> finds them.
/// </summary>
internal sealed class KilledWhileProducing
{
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly TempFolder _folder;
    private readonly Func<Task<IReadOnlyList<string>>> _triggerNames;

    /// <param name="folder">The shared folder of both workers.</param>
    /// <param name="triggerNames">Reads the names of the triggers stored in the job store.</param>
    public KilledWhileProducing(TempFolder folder, Func<Task<IReadOnlyList<string>>> triggerNames)
    {
        _folder = folder;
        _triggerNames = triggerNames;
        // Twenty seconds leave a loaded CI machine time to start the worker program before its fire.
        (Due, var cron) = ScheduleTiming.DailyFireIn(20);
        Id = ScheduleTiming.ExpectedId("crash", Due);
        Settings = new Dictionary<string, string?>
        {
            ["Reports:Schedules:crash:Cron"] = cron,
            ["Reports:Schedules:crash:Window"] = "1.00:00:00",
            ["Reports:Schedules:crash:Formats:0"] = "json",
            ["Reports:ClaimLease"] = ClaimLease.ToString(),
            ["Reports:RetryDelay"] = RetryDelay.ToString(),
            ["Reports:RetryAttempts"] = "3",
        };
    }

    /// <summary>The fire the killed worker was producing.</summary>
    public DateTimeOffset Due { get; }

    /// <summary>The id of the report of that fire's window.</summary>
    public string Id { get; }

    /// <summary>The schedule and retry settings both workers share.</summary>
    public Dictionary<string, string?> Settings { get; }

    /// <summary>The earliest time the rescue may run: when the killed worker's claim has run out, plus the first retry's delay.</summary>
    public DateTimeOffset EarliestRescue => Due + ClaimLease + RetryDelay;

    /// <summary>
    /// Runs the worker program with <see cref="Settings"/> and <paramref name="jobStore"/> until its fire has claimed
    /// the window and stored the rescue trigger, then kills it. Returns once it is dead.
    /// </summary>
    public async Task KillAsync(IReadOnlyDictionary<string, string?> jobStore)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("needs mkfifo and SIGKILL (Linux)");
        }

        var model = _folder.File("model.gguf");
        using (var mkfifo = Process.Start("mkfifo", [model]))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        using var magic = ServeGgufMagic(model);
        try
        {
            var log = _folder.File("killed-worker.log");
            using var worker = ChildWorker.Start(Arguments(model, jobStore), log);
            // Start-up (configuration checked, schedule stored) ends before the fire; then the pipe goes silent.
            await ScheduleTiming.WaitForAsync(async () => worker.HasExited || (await _triggerNames()).Contains("crash"), TimeSpan.FromSeconds(30));
            Assert.False(worker.HasExited, "the worker program stopped: " + File.ReadAllText(log));
            Assert.True(DateTimeOffset.UtcNow < Due - TimeSpan.FromSeconds(1), "the worker program started too late for its fire; the test proves nothing");
            magic.Kill(entireProcessTree: true);
            await magic.WaitForExitAsync(TestContext.Current.CancellationToken);

            // The fire claims the window and stores its rescue before it produces anything.
            var reports = _folder.File("reports.db");
            await ScheduleTiming.WaitForAsync(
                async () => StoredSchedulerState.ClaimOwner(reports, Id) is not null && (await _triggerNames()).Contains(Id + "-retry-1"),
                Due - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(0.5), TestContext.Current.CancellationToken);
            Assert.False(worker.HasExited, "the worker program stopped: " + File.ReadAllText(log));
            worker.Kill();
        }
        finally
        {
            // Blocked on the pipe, the loop would outlive a failed test.
            if (!magic.HasExited)
            {
                magic.Kill(entireProcessTree: true);
            }
        }
    }

    private List<string> Arguments(string model, IReadOnlyDictionary<string, string?> jobStore)
    {
        var arguments = new List<string>
        {
            "--Reports:Enabled=true",
            // Events from standard input, which the test never closes: the program runs until it is killed.
            "--Source:File:Path=-",
            "--Llama:ModelPath=" + model,
            "--Store:Sqlite:Path=" + _folder.File("incidents.db"),
            "--DeadLetters:Path=" + _folder.File("dead-letters.jsonl"),
            "--Reports:StorePath=" + _folder.File("reports.db"),
            "--Reports:OutputFolder=" + _folder.File("out"),
            "--Reports:MisfireThreshold=00:00:01",
            "--Reports:Schedules:daily:Enabled=false",
            "--Reports:Schedules:hourly:Enabled=false",
        };
        arguments.AddRange(Settings.Concat(jobStore).Select(setting => $"--{setting.Key}={setting.Value}"));
        return arguments;
    }

    /// <summary>Writes the four bytes of the GGUF magic to every reader of the pipe until it is killed.</summary>
    private static Process ServeGgufMagic(string pipe)
    {
        var start = new ProcessStartInfo("sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        // A reader that closes the pipe before the write makes printf complain; that is expected, so it is not shown.
        start.ArgumentList.Add("exec 2>/dev/null; while :; do printf GGUF > \"$1\"; done");
        start.ArgumentList.Add("serve-gguf-magic");
        start.ArgumentList.Add(pipe);
        return Process.Start(start) ?? throw new InvalidOperationException("sh did not start");
    }
}
