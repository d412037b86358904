using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Sinks.DeadLetters;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Sinks.Sqlite;
using Llama3Siem.Worker.Hosting;
using Llama3Siem.Worker.Ingestion;
using Llama3Siem.Worker.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Llama3Siem.Worker.Tests.Pipeline;

/// <summary>An incident the store refuses for good (an Elasticsearch mapping error) is dead-lettered, not lost or counted.</summary>
public sealed class RefusedIncidentTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_records_of_a_refused_incident_go_to_the_dead_letters_with_the_stores_reason()
    {
        var input = _folder.File("events.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            """{"message":"first host event","timestamp":"2026-03-01T09:00:00Z","host":"ws-1"}""",
            """{"message":"second host event","timestamp":"2026-03-01T12:00:00Z","host":"ws-2"}""",
        ], TestContext.Current.CancellationToken);
        var deadLetters = _folder.File("dead.jsonl");
        var builder = WorkerHost.CreateBuilder(["--Store:Sqlite:Path=" + _folder.File("x.db"), "--DeadLetters:Path=" + deadLetters, "--Logging:LogLevel:Default=Warning"]);
        builder.Services.AddSingleton<IIncidentStore>(_ => new RefusingStore(new SqliteIncidentStore(new SqliteStoreOptions { Path = _folder.File("x.db") })));
        var host = builder.Build();
        await using var disposal = (IAsyncDisposable)host;
        await using var source = new JsonLinesFileSource(input);

        var summary = await host.Services.GetRequiredService<EnrichmentPipeline>().RunAsync(source, null, TestContext.Current.CancellationToken);

        Assert.Equal(1, summary.Incidents);
        Assert.Equal(1, summary.DeadLettered);
        var letter = Assert.Single(JsonlFileDeadLetterSink.ReadAll(deadLetters));
        Assert.StartsWith("the store refused incident inc-", letter.Reason, StringComparison.Ordinal);
        Assert.EndsWith("mapper_parsing_exception (injected)", letter.Reason, StringComparison.Ordinal);
        Assert.Contains("ws-2", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(letter.OriginalBase64)), StringComparison.Ordinal);
    }

    /// <summary>Refuses every incident on host ws-2, as Elasticsearch refuses a document its mapping cannot hold.</summary>
    private sealed class RefusingStore(SqliteIncidentStore inner) : IIncidentStore
    {
        public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

        public async Task<UpsertResult> UpsertAsync(IReadOnlyList<EnrichedIncident> incidents, CancellationToken cancellationToken)
        {
            var refused = incidents.Where(i => i.Summary.Contains("ws-2", StringComparison.Ordinal)).ToList();
            var written = await inner.UpsertAsync(incidents.Except(refused).ToList(), cancellationToken);
            return written with { Rejected = refused.Select(i => new RejectedIncident(i.Id, "mapper_parsing_exception (injected)")).ToList() };
        }

        public Task<EnrichedIncident?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task<IReadOnlyList<EnrichedIncident>> SearchAsync(IncidentQuery query, CancellationToken cancellationToken) => inner.SearchAsync(query, cancellationToken);

        public Task<long> CountAsync(CancellationToken cancellationToken) => inner.CountAsync(cancellationToken);

        public Task<IncidentAggregates> AggregateAsync(DateTimeOffset from, DateTimeOffset to, int top, CancellationToken cancellationToken) =>
            inner.AggregateAsync(from, to, top, cancellationToken);

        public Task<IReadOnlySet<string>> FindEnrichedEventsAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken) =>
            inner.FindEnrichedEventsAsync(eventIds, cancellationToken);
    }
}
