using System.Globalization;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Llama3Siem.Worker.Cli;

/// <summary><c>incidents [--db path] [--id id] [--query text] [--severity s] [--limit n] [--json]</c>: read the store.</summary>
internal static class IncidentsCommand
{
    private static readonly HashSet<string> Flags = ["json"];
    private static readonly HashSet<string> Valued = ["db", "id", "query", "severity", "limit", "from", "to", "technique", "ioc", "host", "user"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var cli = CommandLine.Parse(args, Flags, Valued);
        var configuration = new List<string>(cli.ConfigurationArgs);
        if (cli.Value("db") is { } db)
        {
            configuration.Add($"--{StoreOptions.SectionName}:Sqlite:Path={db}");
        }

        var query = new IncidentQuery(
            Text: cli.Value("query"),
            From: ParseTime("from", cli.Value("from")),
            To: ParseTime("to", cli.Value("to")),
            MinimumSeverity: ParseSeverity(cli.Value("severity")),
            Limit: ParseLimit(cli.Value("limit")),
            Technique: cli.Value("technique"),
            IocValue: cli.Value("ioc"),
            Host: cli.Value("host"),
            User: cli.Value("user"));

        var host = WorkerHost.CreateBuilder(configuration).Build();

        // The stores are IAsyncDisposable only: the host must be disposed asynchronously.
        await using var hostDisposal = (IAsyncDisposable)host;
        WorkerHost.ValidateConfiguration(host);
        var store = host.Services.GetRequiredService<IIncidentStore>();
        var cancellationToken = CancellationToken.None;
        await store.InitializeAsync(cancellationToken);

        IReadOnlyList<EnrichedIncident> incidents;
        if (cli.Value("id") is { } id)
        {
            var one = await store.GetAsync(id, cancellationToken);
            if (one is null)
            {
                await error.WriteLineAsync($"No incident with id '{id}'.");
                return Llama3SiemCli.Failure;
            }

            incidents = [one];
        }
        else
        {
            incidents = await store.SearchAsync(query, cancellationToken);
        }

        if (cli.Has("json"))
        {
            foreach (var incident in incidents)
            {
                await output.WriteLineAsync(IncidentJson.Serialize(incident));
            }
        }
        else
        {
            WriteTable(output, incidents);
            if (cli.Value("id") is not null)
            {
                WriteIocs(output, incidents[0]);
            }
        }

        return Llama3SiemCli.Success;
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<EnrichedIncident> incidents)
    {
        if (incidents.Count == 0)
        {
            output.WriteLine("No incidents.");
            return;
        }

        // The iocs column counts evidence only: an IOC named only inside injection text is not one.
        output.WriteLine($"{"id",-28} {"severity",-8} {"first seen (UTC)",-20} {"events",6} {"iocs",5}  techniques / summary");
        foreach (var i in incidents)
        {
            var techniques = i.Techniques.Count == 0 ? "-" : string.Join(",", i.Techniques.Select(t => t.Id));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{i.Id,-28} {i.Severity,-8} {i.FirstSeen.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {i.Events.Count,6} {i.Iocs.Count(ioc => !ioc.Injected),5}  {techniques}"));
            output.WriteLine($"{string.Empty,-28} {Shorten(i.NarrativeStatus == NarrativeStatus.Generated && i.Narrative is { } n ? n : i.Summary, 110)}");
            if (i.Injection is { Detected: true } injection)
            {
                output.WriteLine($"{string.Empty,-28} injection: text addressed to an automated analyst in {Names(injection.Fields)} ({Names(injection.Kinds)})");
            }
        }
    }

    /// <summary>One incident's IOCs, those seen only inside injection text marked so that nobody blocks them.</summary>
    private static void WriteIocs(TextWriter output, EnrichedIncident incident)
    {
        output.WriteLine();
        output.WriteLine(incident.Iocs.Count == 0 ? "iocs: none" : "iocs:");
        foreach (var ioc in incident.Iocs)
        {
            var marks = (ioc.Internal ? "  [internal]" : string.Empty) + (ioc.Injected ? "  [only inside injection text: not evidence, do not block]" : string.Empty);
            output.WriteLine($"  {ioc.Type,-8} {ioc.Value}{marks}");
        }
    }

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "-" : string.Join(", ", names);

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static int ParseLimit(string? value)
    {
        if (value is null)
        {
            return 50;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= 1000
            ? limit
            : throw new UsageException($"--limit must be a number from 1 to 1000 (got '{value}').");
    }

    private static DateTimeOffset? ParseTime(string option, string? value)
    {
        if (value is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new UsageException($"--{option} must be a date and time such as 2026-03-02T08:00:00Z (got '{value}').");
    }

    private static Severity? ParseSeverity(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return SeverityNames.TryParse(value, out var severity)
            ? severity
            : throw new UsageException($"--severity must be low, medium, high or critical (got '{value}').");
    }
}
