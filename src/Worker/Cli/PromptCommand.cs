using System.Text.Encodings.Web;
using System.Text.Json;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Templates;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Correlation;
using Llama3Siem.Worker.Hosting;
using Llama3Siem.Worker.Inference;
using Llama3Siem.Worker.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Cli;

/// <summary>
/// <c>prompt --input &lt;events.jsonl | -&gt; [--model &lt;gguf&gt;] [--json]</c>: what the model sees. Events are
/// parsed, correlated and analysed as <c>enrich</c> does them, and each incident's enrichment prompt is printed;
/// with a model, its real token count and the special tokens of the sequence the engine would decode, so operators
/// can check token budgets and that no event text turned into a template token. Nothing is stored.
/// </summary>
internal static class PromptCommand
{
    private static readonly HashSet<string> Flags = ["json"];
    private static readonly HashSet<string> Valued = ["input", "model"];

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var cli = CommandLine.Parse(args, Flags, Valued);
        var input = cli.Value("input") ?? throw new UsageException("prompt needs --input <file.jsonl | -> (a file of JSON lines, or - for standard input).");
        if (input != "-" && !File.Exists(input))
        {
            throw new UsageException($"--input: no such file '{input}'.");
        }

        var configuration = new List<string>(cli.ConfigurationArgs);
        if (cli.Value("model") is { } model)
        {
            configuration.Add($"--{LlamaOptions.SectionName}:ModelPath={model}");
        }

        var host = WorkerHost.CreateBuilder(configuration).Build();
        await using var hostDisposal = (IAsyncDisposable)host;
        WorkerHost.ValidateConfiguration(host);
        var services = host.Services;
        var llama = services.GetRequiredService<IOptions<LlamaOptions>>().Value;

        IDisposable? weights = null;
        var tokenizer = string.IsNullOrWhiteSpace(llama.ModelPath)
            ? null
            : LlamaModelLoader.LoadTokenizer(llama, services.GetRequiredService<ILoggerFactory>(), out weights);
        using var weightsDisposal = weights;
        ITokenCounter counter = tokenizer is null ? EstimatingTokenCounter.Instance : tokenizer;

        var analyzer = services.GetRequiredService<IncidentAnalyzer>();
        var prompts = services.GetRequiredService<EnrichmentPrompt>();
        var (incidents, rejected) = await CorrelateAsync(input, services);
        foreach (var incident in incidents)
        {
            var rendered = prompts.Render(analyzer.Analyze(incident), llama.ContextSize - llama.MaxTokens, counter);
            if (cli.Has("json"))
            {
                var line = new Dictionary<string, object>
                {
                    ["incident"] = incident.Id,
                    ["events"] = rendered.IncludedEvents,
                    ["omitted_events"] = rendered.OmittedEvents,
                    ["tokens"] = rendered.Tokens,
                    ["tokens_estimated"] = tokenizer is null,
                };
                if (tokenizer is not null)
                {
                    line["special_tokens"] = tokenizer.Tokenize(rendered.Prompt).Where(tokenizer.IsSpecial).Select(tokenizer.TextOf).ToList();
                }

                line["prompt"] = rendered.Text;
                await output.WriteLineAsync(JsonSerializer.Serialize(line, Json));
            }
            else
            {
                await output.WriteLineAsync($"=== incident {incident.Id}: {rendered.IncludedEvents} events in the prompt, {rendered.OmittedEvents} left out, "
                    + $"{rendered.Tokens} tokens{(tokenizer is null ? " (estimated: no --model)" : string.Empty)}");
                await output.WriteLineAsync(rendered.Text);
            }
        }

        if (rejected > 0)
        {
            await error.WriteLineAsync($"{rejected} records could not be parsed and were skipped (enrich dead-letters them with the reason).");
        }

        return Llama3SiemCli.Success;
    }

    /// <summary>Reads and parses records as <c>enrich</c> does, and correlates the events into incidents in the order they close.</summary>
    private static async Task<(List<Incident> Incidents, int Rejected)> CorrelateAsync(string input, IServiceProvider services)
    {
        var parser = services.GetRequiredService<EventParser>();
        var correlator = new IncidentCorrelator(services.GetRequiredService<IOptions<CorrelationOptions>>().Value, services.GetRequiredService<TimeProvider>());
        var incidents = new List<Incident>();
        var rejected = 0;
        await using var source = new JsonLinesFileSource(input);
        await foreach (var record in source.ReadAsync(CancellationToken.None))
        {
            if (record is not null && !record.Oversized && parser.Parse(record.Payload.Span, record.Origin, record.FallbackEventId).Event is { } evt)
            {
                incidents.AddRange(correlator.Add(evt));
            }
            else if (record is not null)
            {
                rejected++;
            }
        }

        incidents.AddRange(correlator.CloseAll());
        return (incidents, rejected);
    }
}
