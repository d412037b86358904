using Llama3Siem.Worker.Inference;

namespace Llama3Siem.Benchmarks;

/// <summary>Time to first token (one token generated, so it is the prefill) of prefix + suffix prompts.</summary>
/// <param name="Cold">Prompts sent without a stable prefix, to an engine that has not seen the prefix.</param>
/// <param name="FirstWithPrefix">The first prompt sent with the stable prefix: it puts the prefix into the cache.</param>
/// <param name="Cached">Prompts with the stable prefix and different suffixes, after it was cached.</param>
internal sealed record PrefillResult(IReadOnlyList<Completion> Cold, Completion FirstWithPrefix, IReadOnlyList<Completion> Cached)
{
    public TimeSpan ColdMedian => ChatLatencyResult.Median(Cold);

    public TimeSpan CachedMedian => ChatLatencyResult.Median(Cached);

    public double CachedOverCold => CachedMedian / ColdMedian;
}
