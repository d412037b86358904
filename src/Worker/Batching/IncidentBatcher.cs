using Llama3Siem.Worker.Configuration;

namespace Llama3Siem.Worker.Batching;

/// <summary>
/// Groups prepared incidents into batches bounded by event count, prompt-token budget and age. Never drops:
/// an incident larger than a whole budget makes a batch of its own. Not thread-safe: one pipeline loop owns it.
/// </summary>
internal sealed class IncidentBatcher(BatchingOptions options, TimeProvider time)
{
    private readonly List<PreparedIncident> _pending = [];
    private long _oldestTimestamp;

    public int PendingIncidents => _pending.Count;

    /// <summary>Adds an incident; returns the batches that are complete as a result (zero, one or two).</summary>
    public IReadOnlyList<IncidentBatch> Add(PreparedIncident incident)
    {
        var ready = new List<IncidentBatch>(2);

        // Close the current batch first if this incident would push it past the token budget.
        if (_pending.Count > 0 && PendingTokens() + incident.PromptTokens > options.MaxPromptTokens)
        {
            ready.Add(Take("tokens"));
        }

        if (_pending.Count == 0)
        {
            _oldestTimestamp = time.GetTimestamp();
        }

        _pending.Add(incident);
        if (PendingEvents() >= options.MaxEvents)
        {
            ready.Add(Take("events"));
        }
        else if (PendingTokens() >= options.MaxPromptTokens)
        {
            ready.Add(Take("tokens"));
        }

        return ready;
    }

    /// <summary>The pending batch when its oldest incident has waited <see cref="BatchingOptions.MaxAge"/>; else null.</summary>
    public IncidentBatch? TakeIfDue() =>
        _pending.Count > 0 && time.GetElapsedTime(_oldestTimestamp) >= options.MaxAge ? Take("age") : null;

    /// <summary>Whatever is pending, as a batch (end of input, shutdown); null when nothing is.</summary>
    public IncidentBatch? Flush() => _pending.Count > 0 ? Take("flush") : null;

    private IncidentBatch Take(string reason)
    {
        var batch = new IncidentBatch(_pending.ToList(), reason);
        _pending.Clear();
        return batch;
    }

    private int PendingEvents() => _pending.Sum(i => i.EventCount);

    private int PendingTokens() => _pending.Sum(i => i.PromptTokens);
}
