using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Enrichment;

/// <summary>
/// Events that belong together: they share a host, user or address within the correlation window.
/// </summary>
public sealed record Incident
{
    /// <summary>Deterministic from the member events (<see cref="IncidentIds.For"/>).</summary>
    public required string Id { get; init; }

    /// <summary>Member events in time order (ties by id).</summary>
    public required IReadOnlyList<SecurityEvent> Events { get; init; }

    public DateTimeOffset FirstSeen => Events[0].Timestamp;

    public DateTimeOffset LastSeen => Events[^1].Timestamp;

    public static Incident FromEvents(IEnumerable<SecurityEvent> events)
    {
        var ordered = events
            .OrderBy(e => e.Timestamp)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        if (ordered.Count == 0)
        {
            throw new ArgumentException("An incident needs at least one event.", nameof(events));
        }

        return new Incident { Id = IncidentIds.For(ordered.Select(e => e.Id)), Events = ordered };
    }
}
