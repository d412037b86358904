using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Iocs;
using Llama3Siem.Sinks.Tests.Support;
using static Llama3Siem.Sinks.Tests.Support.IncidentBuilder;

namespace Llama3Siem.Sinks.Tests.Sqlite;

/// <summary>Counts over a time window, as reports and the chat channel will ask for them.</summary>
public sealed class SqliteIncidentStoreAggregationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Counts_by_severity_and_top_terms_count_each_incident_once_within_the_window()
    {
        await using var store = await StoreFile.OpenAsync(_directory.File("incidents.db"));
        await store.UpsertAsync(
        [
            Incident("a").SeenAtHour(1).WithSeverity(Severity.Critical).WithTechnique("T1003.001").WithTechnique("T1021.002")
                .WithIoc(IocType.Domain, "update-cdn-check.xyz").WithHost("ws-1").WithMitigation("AC-2").Build(),
            Incident("b").SeenAtHour(2).WithSeverity(Severity.High).WithTechnique("T1003.001")
                .WithIoc(IocType.Domain, "update-cdn-check.xyz").WithIoc(IocType.Ipv4, "185.234.72.19").WithHost("ws-1").WithHost("srv-2")
                .WithMitigation("AC-2").WithMitigation("SI-4").Build(),
            Incident("c").SeenAtHour(3).WithSeverity(Severity.High).WithTechnique("T1110").WithHost("srv-2").Build(),
            Incident("outside").SeenAtHour(30).WithSeverity(Severity.Low).WithTechnique("T1110").WithHost("ws-9").Build(),
        ], Cancel);

        var aggregates = await store.AggregateAsync(Epoch, Epoch.AddHours(24), top: 10, Cancel);

        Assert.Equal(3, aggregates.Incidents);
        Assert.Equal(new Dictionary<string, long> { ["critical"] = 1, ["high"] = 2 }, aggregates.BySeverity);
        Assert.Equal([new("T1003.001", 2), new("T1021.002", 1), new("T1110", 1)], aggregates.TopTechniques);
        Assert.Equal([new("domain:update-cdn-check.xyz", 2), new("ipv4:185.234.72.19", 1)], aggregates.TopIocs);
        Assert.Equal([new("srv-2", 2), new("ws-1", 2)], aggregates.TopHosts);
        Assert.Equal([new("AC-2", 2), new("SI-4", 1)], aggregates.TopMitigations);
    }

    [Fact]
    public async Task Iocs_seen_only_inside_injection_text_stay_out_of_the_top_and_injection_incidents_are_counted()
    {
        await using var store = await StoreFile.OpenAsync(_directory.File("incidents.db"));
        await store.UpsertAsync(
        [
            Incident("told").SeenAtHour(1).WithInjectedIoc(IocType.Ipv4, "198.51.100.77").WithInjectedIoc(IocType.Domain, "c2.example.net")
                .WithInjection(["message"], ["instruction-override"]).Build(),
            Incident("told-again").SeenAtHour(2).WithInjectedIoc(IocType.Ipv4, "198.51.100.77").WithIoc(IocType.Domain, "c2.example.net")
                .WithInjection(["user.name"], ["encoded"]).Build(),
            Incident("plain").SeenAtHour(3).WithIoc(IocType.Domain, "c2.example.net").Build(),
            Incident("told-later").SeenAtHour(30).WithInjection(["message"], ["special-token"]).Build(),
        ], Cancel);

        var aggregates = await store.AggregateAsync(Epoch, Epoch.AddHours(24), top: 10, Cancel);

        // c2.example.net counts where it was seen outside injection text (two incidents), never where it was only told.
        Assert.Equal([new("domain:c2.example.net", 2)], aggregates.TopIocs);
        Assert.Equal(2, aggregates.InjectionIncidents);
        Assert.Equal(0, (await store.AggregateAsync(Epoch.AddDays(5), Epoch.AddDays(6), top: 5, Cancel)).InjectionIncidents);
    }

    [Fact]
    public async Task Top_limits_each_list_and_an_empty_window_counts_nothing()
    {
        await using var store = await StoreFile.OpenAsync(_directory.File("incidents.db"));
        await store.UpsertAsync([Incident("a").SeenAtHour(1).WithHost("h1").WithHost("h2").WithHost("h3").Build()], Cancel);

        Assert.Equal(2, (await store.AggregateAsync(Epoch, Epoch.AddDays(1), top: 2, Cancel)).TopHosts.Count);
        var empty = await store.AggregateAsync(Epoch.AddDays(5), Epoch.AddDays(6), top: 5, Cancel);
        Assert.Equal(0, empty.Incidents);
        Assert.Empty(empty.BySeverity);
        Assert.Empty(empty.TopHosts);
    }
}
