using Llama3Siem.Worker.Inference;

namespace Llama3Siem.Benchmarks;

/// <summary>Counts and engine options of one benchmark run.</summary>
internal sealed record BenchmarkSettings(
    string Mode,
    int Threads,
    IReadOnlySet<BenchmarkPhase> Phases,
    int PrefixTokens,
    int SuffixTokens,
    int ColdRuns,
    int CachedRuns,
    IReadOnlyList<int> ParallelLevels,
    int ThroughputTokens,
    int Incidents,
    int IncidentTokens,
    bool FlashAttention = false,
    int ChatRuns = 3,
    int ChatLoadTokens = 64)
{
    public const int MaxSequences = 8;
    public const int KvCacheTokens = 16384;
    public const int PrefixCacheTokens = 8192;
    public const int ContextSize = 4096;
    public const int BatchSize = 512;

    public static BenchmarkSettings For(BenchmarkArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.Quick
            ? new("quick", arguments.Threads, arguments.Phases, 1000, 100, ColdRuns: 5, CachedRuns: 5, [1, 4, 8], ThroughputTokens: 32, Incidents: 16, IncidentTokens: 16, arguments.FlashAttention, ChatRuns: 3, ChatLoadTokens: 48)
            : new("full", arguments.Threads, arguments.Phases, 1000, 100, ColdRuns: 2, CachedRuns: 3, [1, 4, 8], ThroughputTokens: 64, Incidents: 16, IncidentTokens: 32, arguments.FlashAttention, ChatRuns: 5, ChatLoadTokens: 128);
    }

    /// <summary>The same options for the engine and the naive model; the naive loader ignores the batching ones.</summary>
    public LlamaOptions Options(string modelPath) => new()
    {
        ModelPath = modelPath,
        ContextSize = ContextSize,
        MaxSequences = MaxSequences,
        KvCacheTokens = KvCacheTokens,
        PrefixCacheTokens = PrefixCacheTokens,
        BatchSize = BatchSize,
        Threads = Threads,
        FlashAttention = FlashAttention,
    };

    public bool Runs(BenchmarkPhase phase) => Phases.Contains(phase);
}
