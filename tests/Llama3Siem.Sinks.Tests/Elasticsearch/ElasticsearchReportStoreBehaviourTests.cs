using Llama3Siem.Sinks.Elasticsearch;
using Llama3Siem.Sinks.Reports;
using Llama3Siem.Sinks.Tests.Reports;

namespace Llama3Siem.Sinks.Tests.Elasticsearch;

/// <summary>
/// The shared report store behaviour against a real Elasticsearch 9 cluster when <c>ELASTICSEARCH_URL</c> is set
/// (each test with its own prefix, removed afterwards); reported as skipped otherwise.
/// </summary>
public sealed class ElasticsearchReportStoreBehaviourTests : ReportStoreBehaviour, IAsyncDisposable
{
    private readonly string _prefix = "l3s-reports-" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<ElasticsearchReportStore> _stores = [];

    protected override async Task<IReportStore> OpenStoreAsync()
    {
        var options = ElasticsearchTestStore.LiveOptions(_prefix);
        if (options is null)
        {
            Assert.Skip("ELASTICSEARCH_URL is not set: no Elasticsearch 9 cluster to run the shared report store behaviour against.");
        }

        var store = new ElasticsearchReportStore(options);
        _stores.Add(store);
        await store.InitializeAsync(Cancel);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stores.Count > 0)
        {
            await ElasticsearchTestStore.DeleteReportIndicesAsync(_stores[0], _prefix);
        }

        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }
}
