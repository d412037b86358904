using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Iocs;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Sinks.Tests.Support;
using static Llama3Siem.Sinks.Tests.Support.IncidentBuilder;

namespace Llama3Siem.Sinks.Tests.Sqlite;

public sealed class SqliteIncidentStoreUpsertTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string DatabasePath => _directory.File("incidents.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Stored_incident_reads_back_as_the_same_document()
    {
        var incident = Incident("inc-full")
            .WithSummary("Credential dumping on a domain controller")
            .WithNarrative("LSASS memory was read by an unsigned binary.")
            .WithSeverity(Severity.Critical)
            .WithIoc(IocType.Ipv4, "10.1.2.3", isInternal: true)
            .WithIoc(IocType.Sha256, new string('a', 64))
            .WithTechnique("T1003.001", "LSASS Memory")
            .WithMitigation("AC-2", "Account Management", "T1003.001")
            .WithHost("dc01").WithUser("svc-backup").WithAddress("10.1.2.3")
            .WithGenerationMs(812.5)
            .Build();
        await using var store = await StoreFile.OpenAsync(DatabasePath, _clock);

        await store.UpsertAsync([incident], Cancel);
        var read = await store.GetAsync("inc-full", Cancel);

        Assert.NotNull(read);
        Assert.Equal(IncidentJson.Serialize(incident), IncidentJson.Serialize(read));
    }

    [Fact]
    public async Task Unknown_id_reads_back_as_null()
    {
        await using var store = await StoreFile.OpenAsync(DatabasePath, _clock);
        await store.UpsertAsync([Incident("inc-1").Build()], Cancel);

        Assert.Null(await store.GetAsync("inc-2", Cancel));
    }

    [Fact]
    public async Task New_incidents_are_counted_as_inserted()
    {
        await using var store = await StoreFile.OpenAsync(DatabasePath, _clock);

        var result = await store.UpsertAsync(
            [Incident("inc-1").Build(), Incident("inc-2").Build(), Incident("inc-3").Build()], Cancel);

        Assert.Equal(new UpsertResult(3, 0, 0), result);
        Assert.Equal(3, await store.CountAsync(Cancel));
    }

    [Fact]
    public async Task Identical_upsert_is_unchanged_and_keeps_updated_at()
    {
        await using var store = await StoreFile.OpenAsync(DatabasePath, _clock);
        var incident = Incident("inc-1").WithHost("ws-17").Build();
        await store.UpsertAsync([incident], Cancel);
        var firstUpdatedAt = await StoreFile.UpdatedAtAsync(DatabasePath, "inc-1");

        _clock.Advance(TimeSpan.FromMinutes(10));
        var result = await store.UpsertAsync([incident], Cancel);

        Assert.Equal(new UpsertResult(0, 0, 1), result);
        Assert.Equal(firstUpdatedAt, await StoreFile.UpdatedAtAsync(DatabasePath, "inc-1"));
        Assert.Equal(_clock.GetUtcNow().AddMinutes(-10).ToUnixTimeMilliseconds(), firstUpdatedAt);
    }

    [Fact]
    public async Task Rerun_that_differs_only_in_timings_is_unchanged()
    {
        await using var store = await StoreFile.OpenAsync(DatabasePath, _clock);
        await store.UpsertAsync([Incident("inc-1").WithGenerationMs(100).Build()], Cancel);

        var result = await store.UpsertAsync([Incident("inc-1").WithGenerationMs(250).Build()], Cancel);

        Assert.Equal(new UpsertResult(0, 0, 1), result);
        var stored = await store.GetAsync("inc-1", Cancel);
        Assert.Equal(100, stored!.Provenance.GenerationMs);
    }

    [Fact]
    public async Task Changed_incident_is_updated_and_its_old_text_no_longer_matches()
    {
        await using var store = await StoreFile.OpenAsync(DatabasePath, _clock);
        await store.UpsertAsync(
            [Incident("inc-1").WithSummary("Beaconing to a rare domain").WithIoc(IocType.Domain, "old.example.net").Build()],
            Cancel);
        var firstUpdatedAt = await StoreFile.UpdatedAtAsync(DatabasePath, "inc-1");

        _clock.Advance(TimeSpan.FromMinutes(1));
        var changed = Incident("inc-1").WithSummary("Ransomware note dropped").WithIoc(IocType.Domain, "new.example.org").Build();
        var result = await store.UpsertAsync([changed], Cancel);

        Assert.Equal(new UpsertResult(0, 1, 0), result);
        Assert.Equal(IncidentJson.Serialize(changed), IncidentJson.Serialize((await store.GetAsync("inc-1", Cancel))!));
        Assert.Empty(await store.SearchAsync(new IncidentQuery("beaconing"), Cancel));
        Assert.Empty(await store.SearchAsync(new IncidentQuery("old.example.net"), Cancel));
        Assert.Equal(["inc-1"], Ids(await store.SearchAsync(new IncidentQuery("ransomware"), Cancel)));
        Assert.Equal(["inc-1"], Ids(await store.SearchAsync(new IncidentQuery("new.example.org"), Cancel)));
        Assert.True(await StoreFile.UpdatedAtAsync(DatabasePath, "inc-1") > firstUpdatedAt);
        Assert.Equal(1, await store.CountAsync(Cancel));
    }

    [Fact]
    public async Task Duplicate_ids_in_one_call_keep_the_last_document()
    {
        await using var store = await StoreFile.OpenAsync(DatabasePath, _clock);

        var result = await store.UpsertAsync(
            [
                Incident("inc-1").WithSummary("first version").Build(),
                Incident("inc-2").Build(),
                Incident("inc-1").WithSummary("second version").Build(),
            ],
            Cancel);

        Assert.Equal(new UpsertResult(2, 0, 0), result);
        Assert.Equal("second version", (await store.GetAsync("inc-1", Cancel))!.Summary);
        Assert.Empty(await store.SearchAsync(new IncidentQuery("first"), Cancel));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Incident_without_an_id_is_rejected_naming_the_parameter(string? id)
    {
        await using var store = await StoreFile.OpenAsync(DatabasePath, _clock);
        var incident = Incident("placeholder").Build() with { Id = id! };

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => store.UpsertAsync([Incident("inc-ok").Build(), incident], Cancel));

        Assert.Equal("incidents", error.ParamName);
        Assert.Contains("Incident 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.CountAsync(Cancel));
    }

    [Fact]
    public async Task Unknown_severity_is_rejected_without_echoing_it_and_nothing_is_written()
    {
        await using var store = await StoreFile.OpenAsync(DatabasePath, _clock);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync(
            [Incident("inc-ok").Build(), Incident("inc-bad").WithSeverityName("apocalyptic").Build()], Cancel));

        Assert.Equal("incidents", error.ParamName);
        Assert.DoesNotContain("apocalyptic", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.CountAsync(Cancel));
    }

    [Fact]
    public async Task Severity_is_read_case_insensitively()
    {
        await using var store = await StoreFile.OpenAsync(DatabasePath, _clock);
        await store.UpsertAsync([Incident("inc-1").WithSeverityName("HIGH").Build()], Cancel);

        var found = await store.SearchAsync(new IncidentQuery(MinimumSeverity: Severity.High), Cancel);

        Assert.Equal(["inc-1"], Ids(found));
    }

    [Fact]
    public async Task Empty_batch_writes_nothing()
    {
        await using var store = await StoreFile.OpenAsync(DatabasePath, _clock);

        Assert.Equal(UpsertResult.Empty, await store.UpsertAsync([], Cancel));
        Assert.Equal(0, await store.CountAsync(Cancel));
    }

    [Fact]
    public async Task Get_with_an_empty_id_is_rejected()
    {
        await using var store = await StoreFile.OpenAsync(DatabasePath, _clock);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(" ", Cancel));

        Assert.Equal("id", error.ParamName);
    }

    private static string[] Ids(IEnumerable<EnrichedIncident> incidents) => [.. incidents.Select(incident => incident.Id)];
}
