using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Llama3Siem.Benchmarks;

/// <summary>Everything one run measured, printed as a table and written as JSON with the same figures.</summary>
internal sealed class BenchmarkReport(BenchmarkSettings settings, BenchmarkModel model, MachineInfo machine)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public BenchmarkSettings Settings => settings;

    public TimeSpan EngineLoadTime { get; set; }

    public string ModelSha256 { get; set; } = "";

    public double SuffixTokensMean { get; set; }

    public PrefillResult? Prefill { get; set; }

    public IReadOnlyList<ThroughputResult>? Throughput { get; set; }

    public IncidentRunResult? EngineIncidents { get; set; }

    public IncidentRunResult? NaiveIncidents { get; set; }

    public ChatLatencyResult? Chat { get; set; }

    public long EnginePeakRssBytes { get; set; }

    public long PeakRssBytes { get; set; }

    public TimeSpan TotalTime { get; set; }

    public IReadOnlyList<TargetCheck> Targets =>
    [
        new("prefill_cached_over_cold", Prefill?.CachedOverCold, 0.15, AtMost: true),
        new("batch8_over_batch1", BatchRatio(8), 2.2, AtMost: false),
        new("engine_over_naive_incidents_per_s", EngineIncidents is { } e && NaiveIncidents is { } n ? e.IncidentsPerSecond / n.IncidentsPerSecond : null, 3, AtMost: false),
    ];

    public void WriteTable(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = new TableWriter(writer);
        w.Line($"Llama3Siem inference benchmark ({settings.Mode} mode)");
        w.Line($"  machine   {machine.Cores} cores, {machine.CpuModel}, {machine.MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB; {machine.OperatingSystem}; {machine.Runtime}");
        w.Line($"  model     {model.Describe()}");
        w.Line($"            sha256 {ModelSha256}{(model.WriteTime is { } written ? $", written in {written.TotalSeconds:F1} s" : "")}; engine load {EngineLoadTime.TotalSeconds:F1} s (sha256 included)");
        w.Line($"  engine    MaxSequences {BenchmarkSettings.MaxSequences}, KvCacheTokens {BenchmarkSettings.KvCacheTokens}, PrefixCacheTokens {BenchmarkSettings.PrefixCacheTokens}, ContextSize {BenchmarkSettings.ContextSize}, BatchSize {BenchmarkSettings.BatchSize}, threads {settings.Threads}, flash attention {(settings.FlashAttention ? "on" : "off")}");
        w.Line($"  prompts   {settings.PrefixTokens}-token stable prefix (enrichment system turn) + incident suffix of {SuffixTokensMean:F0} tokens on average; temperature 0.7, top-p 0.9");
        w.Text("");

        if (Prefill is { } p)
        {
            w.Line($"Prefill: time to first token of prefix + suffix ({settings.PrefixTokens + SuffixTokensMean:F0} tokens), one token generated");
            w.Text("  cold    = sent with StablePrefix null to an engine that has never been sent the prefix: every prompt token decoded");
            w.Text("  cached  = sent with StablePrefix set, after one such request put the prefix into the cache; different suffixes");
            w.Line($"  {"",-28} {"ms",10} {"runs ms",-24} {"prompt tok",11} {"cached tok",11}");
            w.Line($"  {$"cold (median of {p.Cold.Count})",-28} {Ms(p.ColdMedian),10} {Runs(p.Cold),-24} {p.Cold.Average(c => c.PromptTokens),11:F0} {p.Cold.Average(c => c.CachedPromptTokens),11:F0}");
            w.Line($"  {"first with the prefix",-28} {Ms(p.FirstWithPrefix.TimeToFirstToken),10} {"",-24} {p.FirstWithPrefix.PromptTokens,11} {p.FirstWithPrefix.CachedPromptTokens,11}");
            w.Line($"  {$"cached (median of {p.Cached.Count})",-28} {Ms(p.CachedMedian),10} {Runs(p.Cached),-24} {p.Cached.Average(c => c.PromptTokens),11:F0} {p.Cached.Average(c => c.CachedPromptTokens),11:F0}");
            w.Text("");
        }

        if (Throughput is { Count: > 0 } throughput)
        {
            w.Line($"Generation: N requests submitted together (CompleteManyAsync), cached prefix + short distinct question, {settings.ThroughputTokens} tokens each (end of turn ignored)");
            w.Text("  aggregate tok/s = tokens after each request's first / time from the group's first token to its last answer (the decode phase)");
            w.Line($"  {"parallel",8} {"wall ms",10} {"generated",10} {"decode ms",10} {"aggregate",10} {"end-to-end",11} {"per seq",9}");
            foreach (var t in throughput)
            {
                w.Line($"  {t.Parallel,8} {Ms(t.Wall),10} {t.Generated,10} {Ms(t.DecodeWindow),10} {t.AggregateTokensPerSecond,10:F1} {t.EndToEndTokensPerSecond,11:F1} {t.MeanSequenceTokensPerSecond,9:F1}");
            }

            w.Text("");
        }

        if (EngineIncidents is not null || NaiveIncidents is not null)
        {
            w.Line($"Incidents: {settings.Incidents} enrichment prompts ({settings.PrefixTokens}-token prefix + ~{settings.SuffixTokens}-token incident), enrichment grammar, {settings.IncidentTokens} tokens each");
            w.Text("  naive  = the seed article's approach: one request at a time, whole prompt tokenised and decoded each time");
            w.Text("  engine = all submitted together (CompleteManyAsync); its prefix cache already holds the prefix (a running worker's steady state)");
            w.Line($"  {"",8} {"wall s",9} {"incidents/s",12} {"prompt tok",11} {"cached tok",11} {"generated",10}");
            foreach (var run in new[] { NaiveIncidents, EngineIncidents }.OfType<IncidentRunResult>())
            {
                w.Line($"  {run.Approach,8} {run.Wall.TotalSeconds,9:F2} {run.IncidentsPerSecond,12:F3} {run.PromptTokens,11} {run.CachedPromptTokens,11} {run.Generated,10}");
            }

            w.Text("");
        }

        if (Chat is { } c)
        {
            w.Line($"Chat: time to first token of a question (cached prefix + short question, one token), median of {c.Idle.Count}");
            w.Line($"  busy = all {c.LoadSequences} sequence slots generating {c.LoadTokens} enrichment tokens each when the question is sent");
            w.Line($"  {"",-30} {"ms",10} {"runs ms",-30}");
            w.Line($"  {"idle, interactive",-30} {Ms(c.IdleMedian),10} {Runs(c.Idle),-30}");
            w.Line($"  {"busy, interactive (chat)",-30} {Ms(c.BusyInteractiveMedian),10} {Runs(c.BusyInteractive),-30}");
            w.Line($"  {"busy, sent as batch",-30} {Ms(c.BusyBatchMedian),10} {Runs(c.BusyBatch),-30}");
            w.Line($"  busy interactive / idle {c.BusyInteractiveOverIdle:F2}; busy as batch / busy interactive {c.BusyBatchOverInteractive:F2} (what the priority saves)");
            w.Text("");
        }

        w.Line($"Peak RSS (VmHWM, mapped model pages included): {Mib(PeakRssBytes)} MiB for the process; {Mib(EnginePeakRssBytes)} MiB after the engine's phases");
        w.Text("");
        w.Line($"  {"target",-36} {"value",8} {"target",8}  verdict");
        foreach (var target in Targets)
        {
            w.Line($"  {target.Name,-36} {(target.Value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "-"),8} {target.TargetText,8}  {target.Verdict}");
        }

        w.Text("");
        w.Line($"Total {TotalTime.TotalSeconds:F1} s");
    }

    public string ToJson()
    {
        var json = new JsonObject
        {
            ["mode"] = settings.Mode,
            ["machine"] = new JsonObject
            {
                ["cores"] = machine.Cores,
                ["cpu_model"] = machine.CpuModel,
                ["memory_bytes"] = machine.MemoryBytes,
                ["os"] = machine.OperatingSystem,
                ["runtime"] = machine.Runtime,
            },
            ["model"] = new JsonObject
            {
                ["file"] = Path.GetFileName(model.Path),
                ["shape"] = model.Shape?.Name,
                ["size_bytes"] = model.SizeBytes,
                ["sha256"] = ModelSha256,
                ["write_seconds"] = model.WriteTime?.TotalSeconds,
                ["engine_load_seconds"] = EngineLoadTime.TotalSeconds,
            },
            ["settings"] = new JsonObject
            {
                ["threads"] = settings.Threads,
                ["flash_attention"] = settings.FlashAttention,
                ["max_sequences"] = BenchmarkSettings.MaxSequences,
                ["kv_cache_tokens"] = BenchmarkSettings.KvCacheTokens,
                ["prefix_cache_tokens"] = BenchmarkSettings.PrefixCacheTokens,
                ["context_size"] = BenchmarkSettings.ContextSize,
                ["batch_size"] = BenchmarkSettings.BatchSize,
                ["prefix_tokens"] = settings.PrefixTokens,
                ["suffix_tokens_mean"] = SuffixTokensMean,
                ["throughput_tokens"] = settings.ThroughputTokens,
                ["incidents"] = settings.Incidents,
                ["incident_tokens"] = settings.IncidentTokens,
            },
        };

        if (Prefill is { } p)
        {
            json["prefill_cold_ms"] = p.ColdMedian.TotalMilliseconds;
            json["prefill_cold_runs_ms"] = new JsonArray([.. p.Cold.Select(c => (JsonNode?)c.TimeToFirstToken.TotalMilliseconds)]);
            json["prefill_first_with_prefix_ms"] = p.FirstWithPrefix.TimeToFirstToken.TotalMilliseconds;
            json["prefill_cached_ms"] = p.CachedMedian.TotalMilliseconds;
            json["prefill_cached_runs_ms"] = new JsonArray([.. p.Cached.Select(c => (JsonNode?)c.TimeToFirstToken.TotalMilliseconds)]);
            json["prefill_cached_prompt_tokens"] = p.Cached.Min(c => c.CachedPromptTokens);
        }

        if (Throughput is { Count: > 0 } throughput)
        {
            var levels = new JsonObject();
            foreach (var t in throughput)
            {
                levels[t.Parallel.ToString(CultureInfo.InvariantCulture)] = new JsonObject
                {
                    ["aggregate_tokens_per_s"] = t.AggregateTokensPerSecond,
                    ["end_to_end_tokens_per_s"] = t.EndToEndTokensPerSecond,
                    ["mean_sequence_tokens_per_s"] = t.MeanSequenceTokensPerSecond,
                    ["wall_ms"] = t.Wall.TotalMilliseconds,
                    ["decode_ms"] = t.DecodeWindow.TotalMilliseconds,
                    ["generated_tokens"] = t.Generated,
                };
            }

            json["generation"] = levels;
        }

        foreach (var run in new[] { NaiveIncidents, EngineIncidents }.OfType<IncidentRunResult>())
        {
            json[run.Approach + "_incidents_per_s"] = run.IncidentsPerSecond;
            json[run.Approach + "_incidents_wall_s"] = run.Wall.TotalSeconds;
        }

        if (Chat is { } chat)
        {
            json["chat"] = new JsonObject
            {
                ["idle_ttft_ms"] = chat.IdleMedian.TotalMilliseconds,
                ["busy_interactive_ttft_ms"] = chat.BusyInteractiveMedian.TotalMilliseconds,
                ["busy_batch_ttft_ms"] = chat.BusyBatchMedian.TotalMilliseconds,
                ["busy_interactive_over_idle"] = chat.BusyInteractiveOverIdle,
                ["busy_batch_over_interactive"] = chat.BusyBatchOverInteractive,
                ["load_sequences"] = chat.LoadSequences,
                ["load_tokens"] = chat.LoadTokens,
            };
        }

        foreach (var target in Targets)
        {
            json[target.Name] = target.Value;
        }

        json["peak_rss_bytes"] = PeakRssBytes;
        json["engine_peak_rss_bytes"] = EnginePeakRssBytes;
        json["targets"] = new JsonObject(Targets.Select(t => KeyValuePair.Create(t.Name, (JsonNode?)new JsonObject
        {
            [t.AtMost ? "at_most" : "at_least"] = t.Target,
            ["passed"] = t.Passed,
        })));
        json["total_seconds"] = TotalTime.TotalSeconds;
        return json.ToJsonString(Indented);
    }

    private double? BatchRatio(int parallel)
    {
        var one = Throughput?.FirstOrDefault(t => t.Parallel == 1);
        var many = Throughput?.FirstOrDefault(t => t.Parallel == parallel);
        return one is null || many is null ? null : many.AggregateTokensPerSecond / one.AggregateTokensPerSecond;
    }

    private static string Runs(IReadOnlyList<Worker.Inference.Completion> completions) =>
        string.Join(' ', completions.Select(c => Ms(c.TimeToFirstToken)));

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture);

    private static string Mib(long bytes) => (bytes / (1024 * 1024)).ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Writes interpolated lines with the invariant culture, whatever the process's culture.</summary>
    private sealed class TableWriter(TextWriter writer)
    {
        public void Line(FormattableString line) => writer.WriteLine(FormattableString.Invariant(line));

        public void Text(string line) => writer.WriteLine(line);
    }
}
