using Llama3Siem.Sinks.Elasticsearch;

namespace Llama3Siem.Worker.Cli;

/// <summary>The command-line entry: dispatches to a command and turns known failures into exit codes.</summary>
internal static class Llama3SiemCli
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadUsageOrConfiguration = 2;

    /// <param name="input">What interactive commands read (<c>chat</c>); standard input when null.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader? input = null)
    {
        var name = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "help";
        try
        {
            return name switch
            {
                "enrich" => await EnrichCommand.RunAsync(args, output, error),
                "incidents" => await IncidentsCommand.RunAsync(args, output, error),
                "run" => await RunCommand.RunAsync(args),
                "kb" => await KbCommand.RunAsync(args, output, error),
                "report" => await ReportCommand.RunAsync(args, output),
                "prompt" => await PromptCommand.RunAsync(args, output, error),
                "chat" => await ChatCommand.RunAsync(args, input ?? Console.In, output, error),
                "help" or "--help" or "-h" => Help(output),
                _ => throw new UsageException($"Unknown command '{name}'."),
            };
        }
        catch (UsageException usage)
        {
            await error.WriteLineAsync(usage.Message);
            await error.WriteLineAsync("Run 'llama3siem help' for usage.");
            return BadUsageOrConfiguration;
        }
        catch (Exception ex) when (ConfigurationErrors.TryDescribe(ex, out var message))
        {
            await error.WriteLineAsync("Invalid configuration:");
            await error.WriteLineAsync(message);
            return BadUsageOrConfiguration;
        }
        catch (ElasticsearchStoreException store)
        {
            // The store gave up after its retries: one line that names it and its last error, never a stack trace.
            // Nothing was acknowledged; the same input can simply be run again once the store answers.
            await error.WriteLineAsync($"The incident store (Elasticsearch) could not be used: {StoreFailure.Describe(store)}");
            return Failure;
        }
    }

    private static int Help(TextWriter output)
    {
        output.Write(
            """
            llama3siem: security events in, verified and enriched incidents out.

            Commands:
              enrich --input <file.jsonl | -> [--db <path>] [--model <path.gguf>]
                  Read events (one JSON object per line), correlate them into incidents, enrich them
                  (deterministically, and with the model when one is given), write them to the SQLite store.
              incidents [--db <path>] [--id <id>] [--query <text>] [--severity <low|medium|high|critical>]
                        [--from <time>] [--to <time>] [--technique <id>] [--ioc <value>] [--host <name>]
                        [--user <name>] [--limit <n>] [--json]
                  List stored incidents, newest first: full text, minimum severity, and incidents active between
                  --from and --to (UTC unless the time says otherwise); --json prints one JSON object per line.
              run [--urls <address>]
                  The hosted worker: the configured source (file or Kafka) into the configured store, plus the
                  analysts' API and web page (Api:Enabled, default on; loopback http://127.0.0.1:5080 unless --urls
                  says otherwise). With no Auth settings an analyst key is generated into .data/api-key.
              report --from <time> --to <time> [--format md|html|json] [--out <file>] [--db <path>]
                  A threat report over a window, computed from the store: incidents over time and by severity,
                  top techniques, IOCs, hosts and users, recommended controls, notable incidents.
              chat [--incident <id>] [--db <path>] [--model <path.gguf>]
                  Ask about stored incidents, one question per line on standard input ("/exit" or end of input
                  ends): answers are grounded on the named incident (else on a search built from the question),
                  cite incident ids, and stream to standard output followed by "citations: ...".
              prompt --input <file.jsonl | -> [--model <path.gguf>] [--json]
                  What the model sees: each incident's enrichment prompt, as enrich would build it (nothing is
                  stored). With --model, real token counts; with --json, one object per incident with "incident",
                  "tokens", "special_tokens" (the special tokens of the sequence, in order; with --model) and "prompt".
              kb techniques <id> | kb controls <technique-id>
                  What the knowledge base holds: a technique (name, tactics, status, rules that detect it), or the
                  NIST SP 800-53 controls the mapping gives for a technique.
              kb rules
                  The Sigma rules of Detection:SigmaPaths:N as the engine loads them: loaded, logsource not
                  mapped yet, and skipped by reason.
              kb import --ctid <mapping.json> --attack <stix bundle | folder> --out <folder> [--attack-version v]
                  Rebuilds the knowledge base from the official files; use it with --Knowledge:Path=<folder>.
              kb eval --labels <manifest.json> [--db <path>]
                  Technique precision/recall and mitigation agreement on events labelled with ATT&CK ids (a JSON
                  array of {"file": ..., "attack_techniques": [...]}), and what the verifier removed in a stored run.
              help
                  This text.

            Configuration (appsettings.json, environment variables such as Store__Kind, or arguments such as
            --Store:Sqlite:Path=x.db, which win): Source:Kind, Source:File:Path, Store:Kind, Store:Sqlite:Path,
            DeadLetters:Path, Llama:ModelPath, Llama:ContextSize, Llama:Threads, Llama:Seed, Correlation:Window,
            Batching:MaxEvents, ... (see README.md).

            Exit codes: 0 success, 1 failure, 2 bad usage or invalid configuration.

            """);
        return Success;
    }
}
