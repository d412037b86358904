using Elastic.Transport;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Iocs;
using Llama3Siem.Sinks.Elasticsearch;
using Llama3Siem.Sinks.Incidents;
using static Llama3Siem.Sinks.Tests.Support.IncidentBuilder;

namespace Llama3Siem.Sinks.Tests.Elasticsearch;

/// <summary>
/// The store against a real Elasticsearch 9 cluster, when <c>ELASTICSEARCH_URL</c> is set (and
/// <c>ELASTICSEARCH_API_KEY</c> or <c>ELASTICSEARCH_USERNAME</c>/<c>ELASTICSEARCH_PASSWORD</c> for a secured one,
/// <c>ELASTICSEARCH_FINGERPRINT</c> for a self-signed certificate). Each run uses its own prefix and removes
/// what it created. Skipped, not passed, without a cluster.
/// </summary>
public sealed class ElasticsearchLiveTests : IAsyncLifetime
{
    private readonly string _prefix = $"l3s-test-{Guid.NewGuid():N}"[..21];
    private ElasticsearchIncidentStore? _store;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ElasticsearchIncidentStore Store => _store ?? throw new InvalidOperationException("No live store.");

    public async ValueTask InitializeAsync()
    {
        if (ElasticsearchTestStore.LiveOptions(_prefix) is not { } options)
        {
            return;
        }

        _store = new ElasticsearchIncidentStore(options);
        await _store.InitializeAsync(Cancel);
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is null)
        {
            return;
        }

        var transport = _store.Client.Transport;
        foreach (var path in new[]
        {
            $"/{_prefix}-incidents-v{IncidentIndexNames.Generation}", $"/_index_template/{_prefix}-incidents",
            $"/_component_template/{_prefix}-incidents-mappings", $"/_component_template/{_prefix}-incidents-settings",
        })
        {
            await transport.RequestAsync<StringResponse>(new EndpointPath(Elastic.Transport.HttpMethod.DELETE, path), null, null, null, CancellationToken.None);
        }

        await _store.DisposeAsync();
    }

    [Fact]
    public async Task Live_round_trip_returns_the_same_document()
    {
        RequireCluster();
        var incident = Incident("live-1").WithHost("ws-0042").WithIoc(IocType.Ipv4, "10.1.2.3").WithTechnique("T1003.001", "LSASS Memory")
            .WithMitigation("CM-7", "Least Functionality", "T1003.001").WithNarrative("Credential dumping.").Build();

        var result = await Store.UpsertAsync([incident], Cancel);

        Assert.Equal(new UpsertResult(1, 0, 0), result);
        Assert.Equal(incident, await Store.GetAsync("live-1", Cancel), new IncidentJsonComparer());
        Assert.Null(await Store.GetAsync("live-missing", Cancel));
    }

    [Fact]
    public async Task Live_replay_overwrites_the_same_ids()
    {
        RequireCluster();
        EnrichedIncident[] batch = [Incident("live-a").Build(), Incident("live-b").SeenAtHour(1).Build()];

        await Store.UpsertAsync(batch, Cancel);
        var replay = await Store.UpsertAsync(batch, Cancel);
        await RefreshAsync();

        Assert.Equal(new UpsertResult(0, 2, 0), replay);
        Assert.Equal(2, await Store.CountAsync(Cancel));
    }

    [Fact]
    public async Task Live_search_applies_text_time_and_severity_filters()
    {
        RequireCluster();
        await Store.UpsertAsync(
        [
            Incident("target").SeenAtHour(2).WithSeverity(Severity.High).WithIoc(IocType.Domain, "evil.example.com").WithHost("ws-0042").Build(),
            Incident("old").SeenAtHour(-48).WithSeverity(Severity.High).WithIoc(IocType.Domain, "evil.example.com").Build(),
            Incident("low").SeenAtHour(3).WithSeverity(Severity.Low).WithIoc(IocType.Domain, "evil.example.com").Build(),
            Incident("other").SeenAtHour(4).WithSeverity(Severity.Critical).WithHost("db-01").Build(),
        ], Cancel);
        await RefreshAsync();

        var byText = await Store.SearchAsync(new IncidentQuery("evil.example.com", From: Epoch, MinimumSeverity: Severity.Medium), Cancel);
        var newestFirst = await Store.SearchAsync(new IncidentQuery(From: Epoch), Cancel);
        var enriched = await Store.FindEnrichedEventsAsync(["target-evt-1", "nobody-evt"], Cancel);

        Assert.Equal(["target"], byText.Select(i => i.Id));
        Assert.Equal(["other", "low", "target"], newestFirst.Select(i => i.Id));
        Assert.Equal(["target-evt-1"], enriched);
    }

    [Fact]
    public async Task Live_cluster_rejects_nothing_the_pipeline_produces()
    {
        RequireCluster();
        var incident = Incident("live-full").WithAddress("not-an-ip").WithIoc(IocType.Ipv6, "2001:db8::1")
            .WithIoc(IocType.Sha256, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08").WithUser("j.doe").Build();

        var result = await Store.UpsertAsync([incident], Cancel);

        Assert.Empty(result.Rejected);
        Assert.Equal(1, result.Inserted);
    }

    private void RequireCluster()
    {
        if (_store is null)
        {
            Assert.Skip("ELASTICSEARCH_URL is not set: no Elasticsearch 9 cluster to run the live store tests against.");
        }
    }

    private Task RefreshAsync() =>
        Store.Client.Transport.RequestAsync<StringResponse>(
            new EndpointPath(Elastic.Transport.HttpMethod.POST, $"/{Store.Alias}/_refresh"), null, null, null, Cancel);
}
