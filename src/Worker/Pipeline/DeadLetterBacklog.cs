using System.Collections.Concurrent;

namespace Llama3Siem.Worker.Pipeline;

/// <summary>
/// The dead letters waiting for their destination right now, shared with the readiness probe: a letter that has
/// waited longer than <c>DeadLetters:MaxWait</c> makes the worker not ready, with the reason, while the rest of
/// the stream keeps flowing. Thread-safe.
/// </summary>
internal sealed class DeadLetterBacklog(TimeProvider time)
{
    private readonly ConcurrentDictionary<long, (string Origin, DateTimeOffset Since)> _waiting = new();
    private long _next;

    public int Count => _waiting.Count;

    /// <summary>Registers a letter as waiting; dispose the result when it is durable (or given up at shutdown).</summary>
    public IDisposable Add(string origin)
    {
        var id = Interlocked.Increment(ref _next);
        _waiting[id] = (origin, time.GetUtcNow());
        return new Entry(this, id);
    }

    /// <summary>The letter that has waited longest, with how long, or null when none waits.</summary>
    public (string Origin, TimeSpan Waited)? Oldest()
    {
        var now = time.GetUtcNow();
        (string Origin, DateTimeOffset Since)? oldest = null;
        foreach (var (_, waiting) in _waiting)
        {
            if (oldest is null || waiting.Since < oldest.Value.Since)
            {
                oldest = waiting;
            }
        }

        return oldest is { } found ? (found.Origin, now - found.Since) : null;
    }

    private sealed class Entry(DeadLetterBacklog backlog, long id) : IDisposable
    {
        public void Dispose() => backlog._waiting.TryRemove(id, out _);
    }
}
