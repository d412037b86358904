using Llama3Siem.Worker.Inference;

namespace Llama3Siem.Benchmarks;

/// <summary>
/// Time to first token of a chat question (cached prefix + short question): on an idle engine, and while every
/// sequence slot is busy generating enrichment, sent as interactive (the chat channel's priority) or as batch.
/// </summary>
internal sealed record ChatLatencyResult(
    IReadOnlyList<Completion> Idle,
    IReadOnlyList<Completion> BusyInteractive,
    IReadOnlyList<Completion> BusyBatch,
    int LoadSequences,
    int LoadTokens)
{
    public TimeSpan IdleMedian => Median(Idle);

    public TimeSpan BusyInteractiveMedian => Median(BusyInteractive);

    public TimeSpan BusyBatchMedian => Median(BusyBatch);

    /// <summary>How much longer an analyst waits for the first token while enrichment runs (1 = not at all).</summary>
    public double BusyInteractiveOverIdle => BusyInteractiveMedian / IdleMedian;

    /// <summary>What the priority saves: the wait of the same question sent as batch over its wait as interactive.</summary>
    public double BusyBatchOverInteractive => BusyBatchMedian / BusyInteractiveMedian;

    internal static TimeSpan Median(IReadOnlyList<Completion> completions)
    {
        var sorted = completions.Select(c => c.TimeToFirstToken).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
