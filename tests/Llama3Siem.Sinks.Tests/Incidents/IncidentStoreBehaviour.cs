using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Iocs;
using Llama3Siem.Sinks.Incidents;
using static Llama3Siem.Sinks.Tests.Support.IncidentBuilder;

namespace Llama3Siem.Sinks.Tests.Incidents;

/// <summary>
/// What every <see cref="IIncidentStore"/> must do, run against each implementation: the same data gives the
/// same answers whether the analyst's store is SQLite or Elasticsearch.
/// </summary>
public abstract class IncidentStoreBehaviour
{
    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A new, empty, initialised store (skips the test when the implementation cannot run here).</summary>
    protected abstract Task<IIncidentStore> OpenEmptyStoreAsync();

    /// <summary>Makes written documents visible to reads (a no-op for stores that are immediately consistent).</summary>
    protected virtual Task RefreshAsync(IIncidentStore store) => Task.CompletedTask;

    private static readonly EnrichedIncident Dump = Incident("inc-dump").SeenAtHour(1).WithSeverity(Severity.Critical)
        .WithSummary("LSASS memory dumped with comsvcs.dll on ws-fin-07").WithTechnique("T1003.001", "LSASS Memory")
        .WithIoc(IocType.Domain, "update-cdn-check.xyz").WithHost("ws-fin-07").WithUser("j.doe").WithMitigation("AC-2", "Account Management", "T1003.001")
        .Build() with { Events = ["evt-1", "evt-2"] };

    private static readonly EnrichedIncident Brute = Incident("inc-brute").SeenAtHour(3).WithSeverity(Severity.High)
        .WithSummary("Password guessing against srv-app03 followed by a logon").WithTechnique("T1110", "Brute Force")
        .WithIoc(IocType.Ipv4, "77.83.247.201").WithHost("srv-app03").WithUser("backup_admin")
        .Build() with { Events = ["evt-3"] };

    private static readonly EnrichedIncident Noise = Incident("inc-noise").SeenAtHour(30).WithSeverity(Severity.Low)
        .WithSummary("Scheduled backup finished").WithHost("backup-01")
        .Build() with { Events = ["evt-4"] };

    /// <summary>Its events told the analyst to list 198.51.100.77 as the command server; update-cdn-check.xyz was seen.</summary>
    private static readonly EnrichedIncident Told = Incident("inc-told").SeenAtHour(2).WithSeverity(Severity.High)
        .WithSummary("Logon from a new address with a message for the analyst")
        .WithIoc(IocType.Domain, "update-cdn-check.xyz").WithInjectedIoc(IocType.Ipv4, "198.51.100.77").WithHost("ws-fin-07")
        .WithInjection(["message", "user.name"], ["encoded", "instruction-override"])
        .Build() with { Events = ["evt-5"] };

    private async Task<IIncidentStore> SeededAsync()
    {
        var store = await OpenEmptyStoreAsync();
        await store.UpsertAsync([Dump, Brute, Noise], Cancel);
        await RefreshAsync(store);
        return store;
    }

    [Fact]
    public async Task A_stored_incident_reads_back_unchanged_and_a_replay_adds_nothing()
    {
        var store = await SeededAsync();

        Assert.Equal(IncidentJson.Serialize(Dump), IncidentJson.Serialize((await store.GetAsync("inc-dump", Cancel))!));
        Assert.Null(await store.GetAsync("inc-missing", Cancel));
        await store.UpsertAsync([Dump, Brute, Noise], Cancel);
        await RefreshAsync(store);
        Assert.Equal(3, await store.CountAsync(Cancel));
    }

    [Theory]
    [InlineData("comsvcs", "inc-dump")]
    [InlineData("update-cdn-check.xyz", "inc-dump")]
    [InlineData("77.83.247.201", "inc-brute")]
    [InlineData("srv-app03", "inc-brute")]
    [InlineData("scheduled", "inc-noise")]
    public async Task Text_search_finds_incidents_by_words_iocs_and_hosts(string text, string expected)
    {
        var store = await SeededAsync();

        var found = await store.SearchAsync(new IncidentQuery(Text: text), Cancel);

        Assert.Equal([expected], found.Select(i => i.Id));
    }

    [Fact]
    public async Task Filters_by_time_and_severity_and_pages_newest_first()
    {
        var store = await SeededAsync();

        Assert.Equal(["inc-noise", "inc-brute", "inc-dump"], (await store.SearchAsync(new IncidentQuery(), Cancel)).Select(i => i.Id));
        Assert.Equal(["inc-brute", "inc-dump"], (await store.SearchAsync(new IncidentQuery(MinimumSeverity: Severity.High), Cancel)).Select(i => i.Id));
        Assert.Equal(["inc-brute"], (await store.SearchAsync(new IncidentQuery(From: Epoch.AddHours(2), To: Epoch.AddHours(24)), Cancel)).Select(i => i.Id));
        Assert.Equal(["inc-brute"], (await store.SearchAsync(new IncidentQuery(Limit: 1, Offset: 1), Cancel)).Select(i => i.Id));
    }

    [Fact]
    public async Task Filters_by_technique_ioc_host_and_user_match_exact_values()
    {
        var store = await SeededAsync();

        Assert.Equal(["inc-dump"], (await store.SearchAsync(new IncidentQuery(Technique: "T1003.001"), Cancel)).Select(i => i.Id));
        Assert.Equal(["inc-brute"], (await store.SearchAsync(new IncidentQuery(IocValue: "77.83.247.201"), Cancel)).Select(i => i.Id));
        Assert.Equal(["inc-noise"], (await store.SearchAsync(new IncidentQuery(Host: "backup-01"), Cancel)).Select(i => i.Id));
        Assert.Equal(["inc-dump"], (await store.SearchAsync(new IncidentQuery(User: "j.doe", Text: "comsvcs"), Cancel)).Select(i => i.Id));
        Assert.Empty(await store.SearchAsync(new IncidentQuery(Technique: "T1003"), Cancel));
    }

    [Fact]
    public async Task Stored_events_are_recognised_for_redelivery()
    {
        var store = await SeededAsync();

        Assert.Equal(["evt-1", "evt-3"], (await store.FindEnrichedEventsAsync(["evt-1", "evt-3", "evt-99"], Cancel)).Order());
    }

    [Fact]
    public async Task Aggregates_over_a_window_count_each_incident_once()
    {
        var store = await SeededAsync();

        var aggregates = await store.AggregateAsync(Epoch, Epoch.AddHours(24), top: 5, Cancel);

        Assert.Equal(2, aggregates.Incidents);
        Assert.Equal(new Dictionary<string, long> { ["critical"] = 1, ["high"] = 1 }, aggregates.BySeverity.ToDictionary());
        Assert.Equal([new("T1003.001", 1), new("T1110", 1)], aggregates.TopTechniques);
        Assert.Equal([new("srv-app03", 1), new("ws-fin-07", 1)], aggregates.TopHosts);
        Assert.Equal(0, aggregates.InjectionIncidents);
    }

    [Fact]
    public async Task Injection_and_injected_iocs_read_back_unchanged_and_injected_iocs_stay_out_of_the_top()
    {
        var store = await SeededAsync();
        await store.UpsertAsync([Told], Cancel);
        await RefreshAsync(store);

        Assert.Equal(IncidentJson.Serialize(Told), IncidentJson.Serialize((await store.GetAsync("inc-told", Cancel))!));
        var aggregates = await store.AggregateAsync(Epoch, Epoch.AddHours(24), top: 5, Cancel);
        Assert.Equal(3, aggregates.Incidents);
        Assert.Equal(1, aggregates.InjectionIncidents);
        Assert.Equal([new("domain:update-cdn-check.xyz", 2), new("ipv4:77.83.247.201", 1)], aggregates.TopIocs);
    }
}
