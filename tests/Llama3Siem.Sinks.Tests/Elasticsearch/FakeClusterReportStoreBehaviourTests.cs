using Llama3Siem.Sinks.Elasticsearch;
using Llama3Siem.Sinks.Reports;
using Llama3Siem.Sinks.Tests.Reports;

namespace Llama3Siem.Sinks.Tests.Elasticsearch;

/// <summary>
/// The shared report store behaviour through the real client against <see cref="FakeIndices"/>: runs everywhere,
/// and holds the Elasticsearch store to the same answers as SQLite as far as the fake answers like a cluster
/// (version conflicts, refresh visibility, strict mappings). The live run is <see cref="ElasticsearchReportStoreBehaviourTests"/>.
/// </summary>
public sealed class FakeClusterReportStoreBehaviourTests : ReportStoreBehaviour, IAsyncDisposable
{
    private readonly FakeElasticsearch _fake = new() { Indices = new FakeIndices() };
    private readonly List<ElasticsearchReportStore> _stores = [];

    protected override async Task<IReportStore> OpenStoreAsync()
    {
        var store = await ElasticsearchTestStore.OpenReportsAsync(_fake);
        _stores.Add(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await _fake.DisposeAsync();
    }
}
