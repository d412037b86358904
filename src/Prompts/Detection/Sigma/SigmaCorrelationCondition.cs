namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// When a correlation matches: every bound holds for the count (one bound usually; two make a range, as the
/// specification allows with <c>gt: 100</c> and <c>lte: 200</c>). <see cref="Field"/> is the field whose distinct
/// values a <c>value_count</c> counts.
/// </summary>
public sealed record SigmaCorrelationCondition(IReadOnlyList<SigmaCountBound> Bounds, string? Field = null)
{
    public bool Holds(long count) => Bounds.All(bound => bound.Holds(count));
}
