using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Sinks.Incidents;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>A real store that fails every write while <see cref="Failing"/> is set: a database that is down or locked.</summary>
internal sealed class FlakyIncidentStore(IIncidentStore inner) : IIncidentStore
{
    private int _failures;

    public volatile bool Failing = true;

    public int Failures => Volatile.Read(ref _failures);

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<UpsertResult> UpsertAsync(IReadOnlyList<EnrichedIncident> incidents, CancellationToken cancellationToken)
    {
        if (Failing)
        {
            Interlocked.Increment(ref _failures);
            throw new InvalidOperationException("The store is down (injected by the test).");
        }

        return inner.UpsertAsync(incidents, cancellationToken);
    }

    public Task<EnrichedIncident?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<EnrichedIncident>> SearchAsync(IncidentQuery query, CancellationToken cancellationToken) => inner.SearchAsync(query, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken) => inner.CountAsync(cancellationToken);

    public Task<IncidentAggregates> AggregateAsync(DateTimeOffset from, DateTimeOffset to, int top, CancellationToken cancellationToken) =>
        inner.AggregateAsync(from, to, top, cancellationToken);

    public Task<IReadOnlySet<string>> FindEnrichedEventsAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken) =>
        inner.FindEnrichedEventsAsync(eventIds, cancellationToken);
}
