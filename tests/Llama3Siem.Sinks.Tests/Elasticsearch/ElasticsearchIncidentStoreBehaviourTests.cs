using Elastic.Transport;
using Llama3Siem.Sinks.Elasticsearch;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Sinks.Tests.Incidents;

namespace Llama3Siem.Sinks.Tests.Elasticsearch;

/// <summary>
/// The shared store behaviour (the same data and answers as on SQLite) against a real cluster when
/// <c>ELASTICSEARCH_URL</c> is set; reported as skipped otherwise.
/// </summary>
public sealed class ElasticsearchIncidentStoreBehaviourTests : IncidentStoreBehaviour, IAsyncDisposable
{
    private readonly List<(ElasticsearchIncidentStore Store, string Prefix)> _stores = [];

    protected override async Task<IIncidentStore> OpenEmptyStoreAsync()
    {
        var prefix = "l3s-behaviour-" + Guid.NewGuid().ToString("N")[..12];
        var options = ElasticsearchTestStore.LiveOptions(prefix);
        if (options is null)
        {
            Assert.Skip("ELASTICSEARCH_URL is not set: no Elasticsearch 9 cluster to run the shared store behaviour against.");
        }

        var store = new ElasticsearchIncidentStore(options);
        _stores.Add((store, prefix));
        await store.InitializeAsync(Cancel);
        return store;
    }

    protected override Task RefreshAsync(IIncidentStore store) =>
        ((ElasticsearchIncidentStore)store).Client.Transport.RequestAsync<StringResponse>(
            new EndpointPath(Elastic.Transport.HttpMethod.POST, $"/{((ElasticsearchIncidentStore)store).Alias}/_refresh"), null, null, null, Cancel);

    public async ValueTask DisposeAsync()
    {
        foreach (var (store, prefix) in _stores)
        {
            foreach (var path in new[]
            {
                $"/{prefix}-incidents-v{IncidentIndexNames.Generation}", $"/_index_template/{prefix}-incidents",
                $"/_component_template/{prefix}-incidents-mappings", $"/_component_template/{prefix}-incidents-settings",
            })
            {
                await store.Client.Transport.RequestAsync<StringResponse>(new EndpointPath(Elastic.Transport.HttpMethod.DELETE, path), null, null, null, CancellationToken.None);
            }

            await store.DisposeAsync();
        }
    }
}
