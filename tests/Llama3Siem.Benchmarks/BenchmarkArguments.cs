using System.Globalization;

namespace Llama3Siem.Benchmarks;

/// <summary>The benchmark's command line.</summary>
internal sealed record BenchmarkArguments(
    bool Quick,
    string? ModelPath,
    string? JsonPath,
    int Threads,
    IReadOnlySet<BenchmarkPhase> Phases,
    bool Help,
    bool FlashAttention = false,
    bool Pipeline = false,
    int PipelineEvents = 100_000,
    bool Sigma = false,
    string? SigmaRules = null,
    int SigmaEvents = 20_000)
{
    public const string Usage =
        """
        Usage: dotnet run -c Release --project tests/Llama3Siem.Benchmarks -- [options]

        Measures the inference engine against the naive single-sequence model (issue #3):
          prefill     time to first token of a 1,000-token shared prefix + ~100-token suffix, cold vs cached
          throughput  aggregate generated tokens/s at 1, 4 and 8 parallel sequences
          incidents   16 incidents through the engine vs one at a time through the naive model
        and the process's peak resident memory.

        Options:
          --quick            tiny generated model and small counts (a smoke test, under a minute)
          --model <path>     benchmark this GGUF file instead of the generated Llama-3.2-1B-shaped one
                             (full mode writes that to .data/bench-1b-q8.gguf once, ~1.3 GB, and reuses it)
          --json <path>      also write the figures as JSON
          --threads <n>      CPU threads for llama.cpp (default: every core)
          --only <phases>    comma-separated subset of prefill,throughput,incidents,chat (default: all)
          --flash-attention  run llama.cpp with flash attention (Llama:FlashAttention) for both models
          --pipeline         instead: the deterministic path (issue #4 item 9), the enrich command without a model
                             over events generated from samples/events.jsonl, then each stage alone
          --sigma            instead: Sigma matching alone, every rule evaluated against the rule index, over
                             a mix of samples/events.jsonl and generated Sysmon, Security, CloudTrail, Linux
                             and Suricata events
          --sigma-rules <d>  SigmaHQ's rules folder for --sigma and --pipeline: its windows, linux, cloud and
                             network rules (default: shared/data/sigma/rules beside the repository or a folder
                             above it; --pipeline then runs once with the built-in rules only, once with these)
          --events <n>       events for --pipeline (default 100000) or --sigma (default 20000)
          --help             this text
        """;

    public static BenchmarkArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var quick = false;
        var help = false;
        string? model = null;
        string? json = null;
        var threads = Environment.ProcessorCount;
        var phases = new HashSet<BenchmarkPhase>(Enum.GetValues<BenchmarkPhase>());
        var flashAttention = false;
        var pipeline = false;
        int? events = null;
        var sigma = false;
        string? sigmaRules = null;

        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--help" or "-h":
                    help = true;
                    break;
                case "--model":
                    model = ValueOf(args, ref i);
                    break;
                case "--json":
                    json = ValueOf(args, ref i);
                    break;
                case "--threads":
                    if (!int.TryParse(ValueOf(args, ref i), NumberStyles.None, CultureInfo.InvariantCulture, out threads) || threads < 1)
                    {
                        throw new ArgumentException("--threads needs a positive whole number.");
                    }

                    break;
                case "--flash-attention":
                    flashAttention = true;
                    break;
                case "--pipeline":
                    pipeline = true;
                    break;
                case "--sigma":
                    sigma = true;
                    break;
                case "--sigma-rules":
                    sigmaRules = ValueOf(args, ref i);
                    break;
                case "--events":
                    if (!int.TryParse(ValueOf(args, ref i), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
                    {
                        throw new ArgumentException("--events needs a positive whole number.");
                    }

                    events = count;
                    break;
                case "--only":
                    phases = ParsePhases(ValueOf(args, ref i));
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        return new BenchmarkArguments(quick, model, json, threads, phases, help, flashAttention, pipeline, events ?? 100_000,
            sigma, sigmaRules, events ?? 20_000);
    }

    private static string ValueOf(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{args[i]} needs a value.");
        }

        return args[++i];
    }

    private static HashSet<BenchmarkPhase> ParsePhases(string list)
    {
        var phases = new HashSet<BenchmarkPhase>();
        foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<BenchmarkPhase>(name, ignoreCase: true, out var phase) || !Enum.IsDefined(phase))
            {
                throw new ArgumentException($"--only: unknown phase '{name}' (prefill, throughput, incidents, chat).");
            }

            phases.Add(phase);
        }

        return phases.Count > 0 ? phases : throw new ArgumentException("--only needs at least one phase.");
    }
}
