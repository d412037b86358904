namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>
/// Exponential backoff with "equal jitter": try n waits between half and all of base·2ⁿ (capped). The random half
/// keeps many writers from retrying in step after a cluster hiccup; the fixed half keeps each wait at least as long
/// as the one before, so a struggling cluster gets more room every time.
/// </summary>
internal sealed class RetryBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Func<double>? random = null)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    public TimeSpan DelayBefore(int retry)
    {
        var ceiling = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30));
        ceiling = Math.Min(ceiling, maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling / 2 + (_random() * ceiling / 2));
    }
}
