using System.Globalization;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Hosting;
using Llama3Siem.Worker.Inference;
using Llama3Siem.Worker.Ingestion;
using Llama3Siem.Worker.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Cli;

/// <summary><c>enrich --input &lt;file.jsonl | -&gt; [--db path] [--model path.gguf]</c>: one pass over a file of events.</summary>
internal static class EnrichCommand
{
    private static readonly HashSet<string> Flags = ["quiet"];
    private static readonly HashSet<string> Valued = ["input", "db", "model"];

    private const string DeadLetterPathKey = DeadLetterOptions.SectionName + ":Path";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var cli = CommandLine.Parse(args, Flags, Valued);
        var input = cli.Value("input") ?? throw new UsageException("enrich needs --input <file.jsonl | -> (a file of JSON lines, or - for standard input).");
        if (input != "-" && !File.Exists(input))
        {
            throw new UsageException($"--input: no such file '{input}'.");
        }

        var configuration = new List<string>(cli.ConfigurationArgs) { $"--{SourceOptions.SectionName}:File:Path={input}" };
        if (cli.Value("db") is { } db)
        {
            configuration.Add($"--{StoreOptions.SectionName}:Sqlite:Path={db}");

            // Dead letters belong with the run's database unless the operator put them elsewhere.
            if (!NamesSetting(cli.ConfigurationArgs, DeadLetterPathKey) && Environment.GetEnvironmentVariable(DeadLetterPathKey.Replace(":", "__", StringComparison.Ordinal)) is null)
            {
                configuration.Add($"--{DeadLetterPathKey}={Path.Combine(Path.GetDirectoryName(Path.GetFullPath(db))!, "dead-letters.jsonl")}");
            }
        }

        if (cli.Value("model") is { } model)
        {
            configuration.Add($"--{LlamaOptions.SectionName}:ModelPath={model}");
        }

        var host = WorkerHost.CreateBuilder(configuration).Build();

        // The stores are IAsyncDisposable only: the host must be disposed asynchronously.
        await using var hostDisposal = (IAsyncDisposable)host;
        WorkerHost.ValidateConfiguration(host);

        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var pipeline = host.Services.GetRequiredService<EnrichmentPipeline>();
            var progress = cli.Has("quiet") ? null : new ConsoleProgress(error);
            await using var source = new JsonLinesFileSource(input);
            var summary = await pipeline.RunAsync(source, progress, cancellation.Token);
            progress?.Finish();
            var deadLetterPath = host.Services.GetRequiredService<IOptions<DeadLetterOptions>>().Value.Path;
            WriteSummary(
                output,
                input,
                host.Services.GetRequiredService<IOptions<StoreOptions>>().Value.Sqlite.Path,
                deadLetterPath,
                summary);
            if (summary.Records > 0 && summary.DeadLettered == summary.Records)
            {
                // Nothing usable at all is a failed run, not a quiet success: usually the wrong file or format.
                await error.WriteLineAsync($"Every record ({summary.Records:N0}) was dead-lettered; see {deadLetterPath} for the reasons.");
                return Llama3SiemCli.Failure;
            }

            return Llama3SiemCli.Success;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await error.WriteLineAsync("Cancelled. Incidents written so far are kept; a re-run overwrites, never duplicates.");
            return Llama3SiemCli.Failure;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static bool NamesSetting(IEnumerable<string> configurationArgs, string key) =>
        configurationArgs.Any(a => a.StartsWith($"--{key}=", StringComparison.OrdinalIgnoreCase));

    private static void WriteSummary(TextWriter output, string input, string database, string deadLetterPath, PipelineSummary s)
    {
        static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
        output.WriteLine($"Enriched {(input == "-" ? "standard input" : input)} into {database}");
        output.WriteLine($"  records             {N(s.Records),8}");
        output.WriteLine($"  events              {N(s.Events),8}");
        var reasons = s.DeadLetterReasons.Count == 0
            ? string.Empty
            : $"   -> {deadLetterPath} ({string.Join(", ", s.DeadLetterReasons.Select(r => $"{r.Key}: {N(r.Value)}"))})";
        output.WriteLine($"  dead-lettered       {N(s.DeadLettered),8}{reasons}");
        output.WriteLine($"  incidents           {N(s.Incidents),8}   (new {N(s.Inserted)}, updated {N(s.Updated)}, unchanged {N(s.Unchanged)})");
        output.WriteLine($"  iocs                {N(s.Iocs),8}   (dropped by verification {N(s.IocsDropped)})");
        output.WriteLine($"  techniques dropped  {N(s.TechniquesDropped),8}");
        output.WriteLine($"  mitigations dropped {N(s.MitigationsDropped),8}");
        output.WriteLine($"  narratives          generated {N(s.NarrativesGenerated)}, failed {N(s.NarrativesFailed)}, not generated {N(s.Incidents - s.NarrativesGenerated - s.NarrativesFailed)}");
        if (s.EventsOmittedFromPrompts > 0)
        {
            output.WriteLine($"  events left out of prompts (context budget) {N(s.EventsOmittedFromPrompts)}");
        }

        output.WriteLine($"  elapsed             {s.Elapsed.TotalSeconds,8:F2} s");
    }
}
