namespace Llama3Siem.Sinks.Tests.Elasticsearch;

/// <summary>
/// A clock that records every delay the store asks for and lets it pass at once: backoff is observable and the
/// tests stay fast.
/// </summary>
internal sealed class DelayRecorder : TimeProvider
{
    private readonly List<TimeSpan> _delays = [];

    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_delays)
            {
                return [.. _delays];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_delays)
        {
            _delays.Add(dueTime);
        }

        return System.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}
