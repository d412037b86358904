using System.Globalization;
using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Hosting;
using Llama3Siem.Worker.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace Llama3Siem.Worker.Cli;

/// <summary><c>report --from &lt;time&gt; --to &lt;time&gt; [--format md|html|json] [--out file] [--db path]</c>: one report on demand.</summary>
internal static class ReportCommand
{
    private static readonly HashSet<string> Flags = [];
    private static readonly HashSet<string> Valued = ["from", "to", "format", "out", "db"];

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var cli = CommandLine.Parse(args, Flags, Valued);
        var from = Time(cli, "from");
        var to = Time(cli, "to");
        if (to <= from)
        {
            throw new UsageException("--to must be after --from.");
        }

        var format = cli.Value("format") ?? "md";
        if (format is not ("md" or "html" or "json"))
        {
            throw new UsageException($"--format must be md, html or json (got '{format}').");
        }

        var configuration = new List<string>(cli.ConfigurationArgs);
        if (cli.Value("db") is { } db)
        {
            configuration.Add($"--{StoreOptions.SectionName}:Sqlite:Path={db}");
        }

        var host = WorkerHost.CreateBuilder(configuration).Build();
        await using var disposal = (IAsyncDisposable)host;
        WorkerHost.ValidateConfiguration(host);
        var builder = new ThreatReportBuilder(
            host.Services.GetRequiredService<IIncidentStore>(),
            host.Services.GetRequiredService<ThreatKnowledge>(),
            host.Services.GetRequiredService<TimeProvider>());
        var report = await builder.BuildAsync(from, to, CancellationToken.None);
        var text = format switch
        {
            "html" => ThreatReportRenderer.Html(report),
            "json" => ThreatReportRenderer.Json(report),
            _ => ThreatReportRenderer.Markdown(report),
        };

        if (cli.Value("out") is { } path)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            await File.WriteAllTextAsync(path, text);
            await output.WriteLineAsync($"Wrote a {format} report of {report.Incidents} incidents to {path}");
        }
        else
        {
            await output.WriteAsync(text);
        }

        return Llama3SiemCli.Success;
    }

    private static DateTimeOffset Time(CommandLine cli, string option) =>
        cli.Value(option) is { } value
            ? DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
                ? time
                : throw new UsageException($"--{option} must be a date and time such as 2026-03-02T00:00:00Z (got '{value}').")
            : throw new UsageException($"report needs --{option} <time>.");
}
