using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Worker.Configuration;

namespace Llama3Siem.Worker.Correlation;

/// <summary>
/// Groups events into incidents: an event joins every open incident with which it shares an entity
/// (<see cref="CorrelationEntities"/>) and whose last event is within the window before it; when it touches
/// several, they merge. "Within the window" means between the incident's first event minus the window and its
/// last event plus the window, so input in reverse or shuffled time order still groups; the grouping of a
/// given input is deterministic, though a different order of the same events may split them differently.
/// Incidents close when the window has passed since their last event (by event time), when they reach
/// <see cref="CorrelationOptions.MaxEventsPerIncident"/>, or at the end of input.
/// </summary>
internal sealed class IncidentCorrelator(CorrelationOptions options, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly List<OpenIncident> _open = [];
    private long _nextSequence;
    private readonly Dictionary<string, OpenIncident> _byEntity = new(StringComparer.Ordinal);

    public int OpenEvents => _open.Sum(i => i.Events.Count);

    /// <summary>Adds an event; returns incidents that closed because they became full.</summary>
    public IReadOnlyList<Incident> Add(SecurityEvent evt)
    {
        var entities = CorrelationEntities.Of(evt);
        var user = entities.Select(e => e.Key).FirstOrDefault(CorrelationEntities.IsUser);
        var reachable = entities
            .Select(e => (Entity: e, Incident: _byEntity.TryGetValue(e.Key, out var incident) ? incident.Resolve() : null))
            .Where(c => c.Incident is { Closed: false } i
                        && evt.Timestamp >= i.FirstSeen - options.Window && evt.Timestamp <= i.LastSeen + options.Window
                        && !SharedHostOfAnotherUser(c.Entity.Key, i, user))
            .ToList();

        // A weak entity (a private destination address) links only an event that has no strong entity of its own.
        var hasStrong = entities.Any(e => !e.Weak);
        var candidates = reachable
            .Where(c => !c.Entity.Weak || !hasStrong)
            .Select(c => c.Incident!)
            .Distinct()
            .OrderBy(i => i.Sequence)
            .ToList();

        var closed = new List<Incident>();
        OpenIncident target;
        if (candidates.Count == 0)
        {
            target = Open();
        }
        else
        {
            target = candidates[0];
            foreach (var other in candidates.Skip(1))
            {
                target.Absorb(other);
                _open.Remove(other);
            }

            if (target.Events.Count >= options.MaxEventsPerIncident)
            {
                closed.Add(Close(target));
                target = Open();
            }
        }

        target.Add(evt, _time.GetTimestamp());
        foreach (var entity in entities)
        {
            _byEntity[entity.Key] = target;
            target.Entities.Add(entity.Key);
        }

        return closed;
    }

    /// <summary>
    /// A host is where many people work (a file server, a jump host): one user's event on it does not join the
    /// incident of another user's activity there. The event still joins through its user and addresses, which is
    /// how lateral movement links (the logon on the target carries the attacker's account and source address).
    /// </summary>
    private static bool SharedHostOfAnotherUser(string key, OpenIncident incident, string? user) =>
        CorrelationEntities.IsHost(key) && user is not null && incident.Entities.Any(CorrelationEntities.IsUser) && !incident.Entities.Contains(user);

    /// <summary>Closes incidents whose last event is more than the window before <paramref name="eventTime"/>.</summary>
    public IReadOnlyList<Incident> CloseIdle(DateTimeOffset eventTime)
    {
        var idle = _open.Where(i => eventTime - i.LastSeen > options.Window).ToList();
        return idle.Select(Close).ToList();
    }

    /// <summary>
    /// Closes incidents that have received no event for <see cref="CorrelationOptions.IdleTimeout"/> (wall clock):
    /// on a live source, event time can stand still, yet the events' offsets wait for their incident.
    /// </summary>
    public IReadOnlyList<Incident> CloseInactive()
    {
        var inactive = _open.Where(i => _time.GetElapsedTime(i.LastArrival) >= options.IdleTimeout).ToList();
        return inactive.Select(Close).ToList();
    }

    /// <summary>Closes every open incident (end of input, or shutdown).</summary>
    public IReadOnlyList<Incident> CloseAll() => _open.ToList().Select(Close).ToList();

    private OpenIncident Open()
    {
        var incident = new OpenIncident(_nextSequence++);
        _open.Add(incident);
        return incident;
    }

    private Incident Close(OpenIncident incident)
    {
        incident.Closed = true;
        _open.Remove(incident);
        foreach (var key in incident.Entities)
        {
            if (_byEntity.TryGetValue(key, out var owner) && ReferenceEquals(owner.Resolve(), incident))
            {
                _byEntity.Remove(key);
            }
        }

        return Incident.FromEvents(incident.Events);
    }

    private sealed class OpenIncident(long sequence)
    {
        private OpenIncident? _mergedInto;

        public long Sequence { get; } = sequence;

        public List<SecurityEvent> Events { get; } = [];

        public HashSet<string> Entities { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset FirstSeen { get; private set; } = DateTimeOffset.MaxValue;

        public DateTimeOffset LastSeen { get; private set; } = DateTimeOffset.MinValue;

        public bool Closed { get; set; }

        /// <summary>When the last event arrived (a <see cref="TimeProvider"/> timestamp).</summary>
        public long LastArrival { get; private set; }

        public void Add(SecurityEvent evt, long arrival)
        {
            Events.Add(evt);
            LastArrival = Math.Max(LastArrival, arrival);
            if (evt.Timestamp > LastSeen)
            {
                LastSeen = evt.Timestamp;
            }

            if (evt.Timestamp < FirstSeen)
            {
                FirstSeen = evt.Timestamp;
            }
        }

        public void Absorb(OpenIncident other)
        {
            foreach (var evt in other.Events)
            {
                Add(evt, other.LastArrival);
            }

            Entities.UnionWith(other.Entities);
            other.Events.Clear();
            other._mergedInto = this;
            other.Closed = true;
        }

        /// <summary>Follows merges, so stale entity-index entries lead to the surviving incident.</summary>
        public OpenIncident Resolve()
        {
            var current = this;
            while (current._mergedInto is not null)
            {
                current = current._mergedInto;
            }

            return current;
        }
    }
}
