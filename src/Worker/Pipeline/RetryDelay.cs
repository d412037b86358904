namespace Llama3Siem.Worker.Pipeline;

/// <summary>Exponential backoff with jitter for writes to a destination that fails for a while: 0.2 s doubling up to 30 s.</summary>
internal static class RetryDelay
{
    public static TimeSpan After(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(30_000, 100 * Math.Pow(2, Math.Min(attempt, 16))) * (0.75 + (Random.Shared.NextDouble() / 2)));
}
