using Llama3Siem.Sinks.Tests.Support;
using static Llama3Siem.Sinks.Tests.Support.IncidentBuilder;

namespace Llama3Siem.Sinks.Tests.Sqlite;

/// <summary>The event index that tells a redelivering source which events are already enriched.</summary>
public sealed class SqliteIncidentStoreEventIndexTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Events_of_stored_incidents_are_found_and_unknown_ones_are_not()
    {
        await using var store = await StoreFile.OpenAsync(_directory.File("incidents.db"));
        var first = Incident("inc-a").Build() with { Events = ["e1", "e2"] };
        var second = Incident("inc-b").Build() with { Events = ["e3"] };
        await store.UpsertAsync([first, second], Cancel);

        var found = await store.FindEnrichedEventsAsync(["e1", "e3", "e9", "e'; DROP TABLE incidents; --"], Cancel);

        Assert.Equal(["e1", "e3"], found.Order());
        Assert.Empty(await store.FindEnrichedEventsAsync([], Cancel));
    }

    [Fact]
    public async Task A_replaced_incident_no_longer_claims_the_events_it_dropped()
    {
        await using var store = await StoreFile.OpenAsync(_directory.File("incidents.db"));
        await store.UpsertAsync([Incident("inc-a").Build() with { Events = ["e1", "e2"] }], Cancel);

        await store.UpsertAsync([Incident("inc-a").WithSummary("recomputed").Build() with { Events = ["e2", "e4"] }], Cancel);

        Assert.Equal(["e2", "e4"], (await store.FindEnrichedEventsAsync(["e1", "e2", "e4"], Cancel)).Order());
    }

    [Fact]
    public async Task Thousands_of_ids_are_checked_in_one_call()
    {
        await using var store = await StoreFile.OpenAsync(_directory.File("incidents.db"));
        var incidents = Enumerable.Range(0, 50)
            .Select(i => Incident($"inc-{i}").Build() with { Events = Enumerable.Range(0, 100).Select(j => $"evt-{i}-{j}").ToList() })
            .ToList();
        await store.UpsertAsync(incidents, Cancel);

        var asked = Enumerable.Range(0, 60).SelectMany(i => Enumerable.Range(0, 100).Select(j => $"evt-{i}-{j}")).ToList();
        var found = await store.FindEnrichedEventsAsync(asked, Cancel);

        Assert.Equal(5000, found.Count);
    }
}
