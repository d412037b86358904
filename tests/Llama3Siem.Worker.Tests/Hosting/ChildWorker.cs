using System.Diagnostics;
using Llama3Siem.Worker.Hosting;

namespace Llama3Siem.Worker.Tests.Hosting;

/// <summary>The built worker (<c>llama3siem run</c>) as a separate process, so that it can be killed for real.</summary>
internal sealed class ChildWorker : IDisposable
{
    private readonly Process _process;

    private ChildWorker(Process process) => _process = process;

    public static ChildWorker Start(IEnumerable<string> configuration, string logPath)
    {
        var worker = typeof(EnrichmentWorker).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            // A pipe the test never writes to nor closes: with Source:File:Path=- the worker waits on it for events
            // and runs until it is killed, without a broker (the test's own standard input may be at its end).
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(worker);
        start.ArgumentList.Add("run");
        // Most of these tests are about ingestion, several workers at once: none serves the API or schedules
        // reports unless its configuration switches that back on (the last value of a setting wins).
        start.ArgumentList.Add("--Api:Enabled=false");
        start.ArgumentList.Add("--Reports:Enabled=false");
        foreach (var setting in configuration)
        {
            start.ArgumentList.Add(setting);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The worker process did not start.");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.Exited += (_, _) => log.Dispose();
        process.EnableRaisingEvents = true;
        return new ChildWorker(process);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed or committed.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM: the worker finishes in-flight work, stores offsets and leaves the group.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
