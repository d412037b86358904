using Llama3Siem.Worker.Inference;

namespace Llama3Siem.Benchmarks;

/// <summary>
/// One group of <see cref="Parallel"/> requests submitted together. The decode phase runs from the group's first
/// generated token (the earliest time to first token, measured from submission) to its last answer; the tokens
/// generated in it are all but each request's first (the first comes out of the prefill step).
/// </summary>
internal sealed record ThroughputResult(int Parallel, TimeSpan Wall, IReadOnlyList<Completion> Completions)
{
    public int Generated => Completions.Sum(c => c.GeneratedTokens);

    public TimeSpan DecodeWindow => Wall - Completions.Min(c => c.TimeToFirstToken);

    /// <summary>Aggregate generated tokens/s of the decode phase: the figure the batch ratio uses.</summary>
    public double AggregateTokensPerSecond => Completions.Sum(c => Math.Max(c.GeneratedTokens - 1, 0)) / DecodeWindow.TotalSeconds;

    /// <summary>All generated tokens over the whole wall time, prefill included.</summary>
    public double EndToEndTokensPerSecond => Generated / Wall.TotalSeconds;

    /// <summary>What one sequence saw: the mean of the requests' own decode rates.</summary>
    public double MeanSequenceTokensPerSecond => Completions.Average(c => c.DecodeTokensPerSecond);
}
