using System.Diagnostics;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>Runs scripts/kafka-test-broker.sh for one broker, whose files live in its own state folder.</summary>
internal sealed class KafkaBrokerScript(string scriptPath, string stateDirectory, string? serverProperties = null)
{
    private const string RelativePath = "scripts/kafka-test-broker.sh";

    public string StateDirectory { get; } = stateDirectory;

    /// <summary>The script of the repository the tests were built from, found by walking up from the test binaries.</summary>
    public static string? Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Runs one subcommand and returns its standard output, trimmed; a non-zero exit throws with its error output.</summary>
    public async Task<string> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(scriptPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["KAFKA_STATE_DIR"] = StateDirectory;
        if (serverProperties is not null)
        {
            startInfo.Environment["KAFKA_EXTRA_PROPS"] = serverProperties;
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{RelativePath} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{RelativePath} {string.Join(' ', arguments)} exited with {process.ExitCode}: {(await stderr).Trim()}");
        }

        return (await stdout).Trim();
    }

    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? FindOnPath(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
    }
}
