using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Iocs;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Sinks.Sqlite;
using Llama3Siem.Sinks.Tests.Support;
using static Llama3Siem.Sinks.Tests.Support.IncidentBuilder;

namespace Llama3Siem.Sinks.Tests.Sqlite;

public sealed class SqliteIncidentStoreSearchTests : IAsyncLifetime
{
    private const string MalwareHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private readonly TempDirectory _directory = new();
    private SqliteIncidentStore _store = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _store = await StoreFile.OpenAsync(_directory.File("search.db"));

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("evil.example.com")]
    [InlineData("EVIL.EXAMPLE.COM")]
    [InlineData("http://evil.example.com/stage2.ps1")]
    [InlineData("T1003.001")]
    [InlineData("credential dumping")]
    [InlineData(MalwareHash)]
    [InlineData("CM-7")]
    [InlineData("least functionality")]
    [InlineData("ws-0042")]
    [InlineData("j.doe@corp.example")]
    [InlineData("192.168.7.9")]
    [InlineData("beaconing")]
    [InlineData("scheduled")]
    [InlineData("\"10.1.2.3\"")]
    [InlineData("beaconing 10.1.2.3")]
    public async Task Incident_is_found_by(string text)
    {
        await SeedTargetAndDecoyAsync();

        var found = await _store.SearchAsync(new IncidentQuery(text), Cancel);

        Assert.Equal(["target"], Ids(found));
    }

    [Theory]
    [InlineData("10.1.2")]
    [InlineData("T1003")]
    [InlineData("example.com")]
    public async Task Leading_parts_of_an_indicator_match_as_a_phrase(string text)
    {
        await SeedTargetAndDecoyAsync();

        var found = await _store.SearchAsync(new IncidentQuery(text), Cancel);

        Assert.Equal(["target"], Ids(found));
    }

    [Fact]
    public async Task Address_does_not_match_a_longer_address()
    {
        await _store.UpsertAsync([Incident("longer").WithIoc(IocType.Ipv4, "10.1.2.30").Build()], Cancel);

        Assert.Empty(await _store.SearchAsync(new IncidentQuery("10.1.2.3"), Cancel));
    }

    [Fact]
    public async Task Phrase_does_not_run_across_two_list_items()
    {
        await _store.UpsertAsync(
            [Incident("pair").WithIoc(IocType.Ipv4, "10.1.2.3").WithIoc(IocType.Ipv4, "4.5.6.7").WithAddress("8.8.4.4").WithAddress("1.1.1.1").Build()],
            Cancel);

        Assert.Empty(await _store.SearchAsync(new IncidentQuery("2.3.4.5"), Cancel));
        Assert.Empty(await _store.SearchAsync(new IncidentQuery("4.4.1.1"), Cancel));
        Assert.Equal(["pair"], Ids(await _store.SearchAsync(new IncidentQuery("4.5.6.7"), Cancel)));
    }

    [Fact]
    public async Task Every_term_must_match()
    {
        await SeedTargetAndDecoyAsync();

        Assert.Equal(["target"], Ids(await _store.SearchAsync(new IncidentQuery("beaconing ws-0042"), Cancel)));
        Assert.Empty(await _store.SearchAsync(new IncidentQuery("beaconing nowhere"), Cancel));
    }

    [Fact]
    public async Task Better_text_match_ranks_before_a_newer_incident()
    {
        await _store.UpsertAsync(
            [
                Incident("strong").SeenAtHour(1).WithSummary("Mimikatz run").WithNarrative("Mimikatz dumped credentials; mimikatz again.").Build(),
                Incident("weak").SeenAtHour(9)
                    .WithSummary("Unusual administrative activity across several servers during the night")
                    .WithNarrative("Several tools ran, among them one resembling mimikatz, together with many routine maintenance scripts and backups.")
                    .Build(),
            ],
            Cancel);

        var found = await _store.SearchAsync(new IncidentQuery("mimikatz"), Cancel);

        Assert.Equal(["strong", "weak"], Ids(found));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    public async Task Without_text_incidents_come_newest_first(string? text)
    {
        await _store.UpsertAsync(
            [Incident("middle").SeenAtHour(2).Build(), Incident("newest").SeenAtHour(3).Build(), Incident("oldest").SeenAtHour(1).Build()],
            Cancel);

        var found = await _store.SearchAsync(new IncidentQuery(text), Cancel);

        Assert.Equal(["newest", "middle", "oldest"], Ids(found));
    }

    [Fact]
    public async Task From_keeps_incidents_last_seen_at_or_after_it()
    {
        await _store.UpsertAsync(
            [
                Incident("before").Seen(Epoch, Epoch.AddHours(1).AddMilliseconds(-1)).Build(),
                Incident("at").Seen(Epoch, Epoch.AddHours(1)).Build(),
                Incident("after").Seen(Epoch, Epoch.AddHours(2)).Build(),
            ],
            Cancel);

        var found = await _store.SearchAsync(new IncidentQuery(From: Epoch.AddHours(1)), Cancel);

        Assert.Equal(["after", "at"], Ids(found));
    }

    [Fact]
    public async Task To_keeps_incidents_first_seen_before_it()
    {
        await _store.UpsertAsync(
            [
                Incident("before").Seen(Epoch.AddHours(1).AddMilliseconds(-1), Epoch.AddHours(5)).Build(),
                Incident("at").Seen(Epoch.AddHours(1), Epoch.AddHours(6)).Build(),
                Incident("earlier").Seen(Epoch, Epoch.AddHours(4)).Build(),
            ],
            Cancel);

        var found = await _store.SearchAsync(new IncidentQuery(To: Epoch.AddHours(1)), Cancel);

        Assert.Equal(["before", "earlier"], Ids(found));
    }

    [Fact]
    public async Task Window_keeps_incidents_that_overlap_it()
    {
        await _store.UpsertAsync(
            [
                Incident("ended-before").Seen(Epoch, Epoch.AddHours(1)).Build(),
                Incident("overlaps-start").Seen(Epoch.AddHours(1), Epoch.AddHours(3)).Build(),
                Incident("inside").Seen(Epoch.AddHours(3), Epoch.AddHours(4)).Build(),
                Incident("overlaps-end").Seen(Epoch.AddHours(4), Epoch.AddHours(8)).Build(),
                Incident("started-after").Seen(Epoch.AddHours(6), Epoch.AddHours(7)).Build(),
            ],
            Cancel);

        var found = await _store.SearchAsync(new IncidentQuery(From: Epoch.AddHours(2), To: Epoch.AddHours(5)), Cancel);

        Assert.Equal(["overlaps-end", "inside", "overlaps-start"], Ids(found));
    }

    [Theory]
    [InlineData(Severity.Low, new[] { "critical", "high", "medium", "low" })]
    [InlineData(Severity.Medium, new[] { "critical", "high", "medium" })]
    [InlineData(Severity.High, new[] { "critical", "high" })]
    [InlineData(Severity.Critical, new[] { "critical" })]
    public async Task Minimum_severity_keeps_that_severity_and_above(Severity minimum, string[] expected)
    {
        await _store.UpsertAsync(
            [
                Incident("low").WithSeverity(Severity.Low).SeenAtHour(1).Build(),
                Incident("medium").WithSeverity(Severity.Medium).SeenAtHour(2).Build(),
                Incident("high").WithSeverity(Severity.High).SeenAtHour(3).Build(),
                Incident("critical").WithSeverity(Severity.Critical).SeenAtHour(4).Build(),
            ],
            Cancel);

        var found = await _store.SearchAsync(new IncidentQuery(MinimumSeverity: minimum), Cancel);

        Assert.Equal(expected, Ids(found));
    }

    [Fact]
    public async Task Text_time_and_severity_filters_combine()
    {
        await _store.UpsertAsync(
            [
                Incident("match").WithSummary("lateral movement").WithSeverity(Severity.High).SeenAtHour(5).Build(),
                Incident("too-low").WithSummary("lateral movement").WithSeverity(Severity.Low).SeenAtHour(5).Build(),
                Incident("too-old").WithSummary("lateral movement").WithSeverity(Severity.High).SeenAtHour(0).Build(),
                Incident("other-text").WithSummary("port scan").WithSeverity(Severity.High).SeenAtHour(5).Build(),
            ],
            Cancel);

        var found = await _store.SearchAsync(
            new IncidentQuery("lateral", From: Epoch.AddHours(3), MinimumSeverity: Severity.Medium), Cancel);

        Assert.Equal(["match"], Ids(found));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("paged")]
    public async Task Pages_walk_every_incident_once_in_order(string? text)
    {
        var incidents = Enumerable.Range(0, 25)
            .Select(hour => Incident($"inc-{hour:D2}").WithSummary("paged incident").SeenAtHour(hour).Build())
            .ToList();
        await _store.UpsertAsync(incidents, Cancel);

        var walked = new List<string>();
        for (var offset = 0; ; offset += 10)
        {
            var page = await _store.SearchAsync(new IncidentQuery(text, Limit: 10, Offset: offset), Cancel);
            walked.AddRange(Ids(page));
            if (page.Count < 10)
            {
                break;
            }
        }

        Assert.Equal(incidents.Select(incident => incident.Id).Reverse(), walked);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    [InlineData(int.MaxValue)]
    public async Task Limit_outside_1_to_1000_is_rejected(int limit)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => _store.SearchAsync(new IncidentQuery(Limit: limit), Cancel));

        Assert.Equal("query", error.ParamName);
    }

    [Fact]
    public async Task Limit_of_1000_is_accepted()
    {
        await _store.UpsertAsync([Incident("only").Build()], Cancel);

        Assert.Single(await _store.SearchAsync(new IncidentQuery(Limit: SqliteIncidentStore.MaxLimit), Cancel));
    }

    [Fact]
    public async Task Negative_offset_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => _store.SearchAsync(new IncidentQuery(Offset: -1), Cancel));
    }

    [Fact]
    public async Task Undefined_minimum_severity_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => _store.SearchAsync(new IncidentQuery(MinimumSeverity: (Severity)42), Cancel));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"\"")]
    [InlineData("\"unbalanced")]
    [InlineData("*")]
    [InlineData("beacon*")]
    [InlineData("NEAR(a b)")]
    [InlineData("NEAR(a b, 2)")]
    [InlineData("a OR")]
    [InlineData("OR")]
    [InlineData("AND NOT")]
    [InlineData("-x")]
    [InlineData("- -")]
    [InlineData("col:val")]
    [InlineData("summary:beaconing")]
    [InlineData("{summary narrative}: x")]
    [InlineData("^start")]
    [InlineData("a + b")]
    [InlineData("(unclosed")]
    [InlineData(")")]
    [InlineData("'; DROP TABLE incidents; --")]
    [InlineData("\0")]
    [InlineData("a\0b")]
    [InlineData("\uE000")]
    [InlineData("日本語のログ")]
    [InlineData("Ünïcödé façade")]
    [InlineData("🔥🔥")]
    [InlineData("\u202Eevil")]
    [InlineData("fe80::1ff:fe23:4567:890a")]
    [InlineData("%_\\")]
    [InlineData("$match")]
    public async Task Hostile_text_does_not_break_the_query(string text)
    {
        await SeedTargetAndDecoyAsync();

        var found = await _store.SearchAsync(new IncidentQuery(text), Cancel);

        Assert.True(found.Count <= 2);
        Assert.Equal(2, await _store.CountAsync(Cancel));
        Assert.NotNull(await _store.GetAsync("target", Cancel));
    }

    [Fact]
    public async Task Very_long_text_is_searched_by_its_first_terms()
    {
        await SeedTargetAndDecoyAsync();
        var junk = string.Join(' ', Enumerable.Repeat("(\"*", 5000));
        var matching = string.Join(' ', Enumerable.Repeat("evil.example.com", FtsQuery.MaxTerms));
        var text = $"beaconing {junk} {matching} nowhere";

        var found = await _store.SearchAsync(new IncidentQuery(text), Cancel);

        Assert.Equal(["target"], Ids(found));
    }

    private async Task SeedTargetAndDecoyAsync() =>
        await _store.UpsertAsync(
            [
                Incident("target")
                    .SeenAtHour(1)
                    .WithSummary("Beaconing from ws-0042 to evil.example.com")
                    .WithNarrative("A scheduled task fetched a PowerShell stage from the domain every minute.")
                    .WithIoc(IocType.Ipv4, "10.1.2.3")
                    .WithIoc(IocType.Domain, "evil.example.com")
                    .WithIoc(IocType.Url, "http://evil.example.com/stage2.ps1")
                    .WithIoc(IocType.Sha256, MalwareHash)
                    .WithTechnique("T1003.001", "OS Credential Dumping: LSASS Memory")
                    .WithMitigation("CM-7", "Least Functionality", "T1003.001")
                    .WithHost("ws-0042")
                    .WithUser("j.doe@corp.example")
                    .WithAddress("192.168.7.9")
                    .Build(),
                Incident("decoy")
                    .SeenAtHour(2)
                    .WithSummary("Port scan from a printer")
                    .WithNarrative("The device probed many ports on the file server.")
                    .WithIoc(IocType.Ipv4, "10.9.8.7")
                    .WithIoc(IocType.Domain, "printer.corp.example")
                    .WithTechnique("T1046", "Network Service Discovery")
                    .WithMitigation("SI-4", "System Monitoring", "T1046")
                    .WithHost("prn-3")
                    .WithUser("svc-print")
                    .WithAddress("10.9.8.7")
                    .Build(),
            ],
            Cancel);

    private static string[] Ids(IEnumerable<EnrichedIncident> incidents) => [.. incidents.Select(incident => incident.Id)];
}
