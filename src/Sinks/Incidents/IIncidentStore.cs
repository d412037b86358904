using Llama3Siem.Prompts.Enrichment;

namespace Llama3Siem.Sinks.Incidents;

/// <summary>
/// Where enriched incidents are kept and read back (SQLite on the embedded default, Elasticsearch in
/// production). Writes are idempotent by <see cref="EnrichedIncident.Id"/>: a replay overwrites.
/// </summary>
public interface IIncidentStore
{
    /// <summary>Creates tables, indices or templates when missing. Safe to call more than once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes the incidents, replacing any with the same id. Returns only after they are durable: the caller
    /// may then acknowledge the source offsets they came from.
    /// </summary>
    Task<UpsertResult> UpsertAsync(IReadOnlyList<EnrichedIncident> incidents, CancellationToken cancellationToken);

    Task<EnrichedIncident?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Incidents matching every filter that is set, newest <see cref="EnrichedIncident.LastSeen"/> first.</summary>
    Task<IReadOnlyList<EnrichedIncident>> SearchAsync(IncidentQuery query, CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Counts over incidents active between <paramref name="from"/> and <paramref name="to"/> (last seen at or
    /// after <paramref name="from"/>, first seen before <paramref name="to"/>), with the <paramref name="top"/>
    /// most frequent values of each list.
    /// </summary>
    Task<IncidentAggregates> AggregateAsync(DateTimeOffset from, DateTimeOffset to, int top, CancellationToken cancellationToken);

    /// <summary>
    /// Which of these event ids already belong to a stored incident. A source that redelivers (Kafka after a
    /// crash or a rebalance) uses it so that an event already enriched is not enriched a second time into a
    /// different incident.
    /// </summary>
    Task<IReadOnlySet<string>> FindEnrichedEventsAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken);
}
