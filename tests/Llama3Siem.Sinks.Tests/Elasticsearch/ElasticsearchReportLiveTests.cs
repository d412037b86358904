using Elastic.Transport;
using System.Text.Json.Nodes;
using Llama3Siem.Sinks.Elasticsearch;
using Llama3Siem.Sinks.Reports;

namespace Llama3Siem.Sinks.Tests.Elasticsearch;

/// <summary>
/// The report store against a real Elasticsearch 9 cluster when <c>ELASTICSEARCH_URL</c> is set (see
/// <see cref="ElasticsearchLiveTests"/> for the other variables): what only a real cluster can say. Skipped, not
/// passed, without one.
/// </summary>
public sealed class ElasticsearchReportLiveTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Six = new(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);
    private readonly string _prefix = $"l3s-rtest-{Guid.NewGuid():N}"[..22];
    private ElasticsearchReportStore? _store;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ElasticsearchReportStore Store => _store ?? throw new InvalidOperationException("No live store.");

    public async ValueTask InitializeAsync()
    {
        if (ElasticsearchTestStore.LiveOptions(_prefix) is { } options)
        {
            _store = new ElasticsearchReportStore(options);
            await _store.InitializeAsync(Cancel);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await ElasticsearchTestStore.DeleteReportIndicesAsync(_store, _prefix);
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Live_cluster_takes_a_report_json_longer_than_a_keyword_term_and_gives_it_back_whole()
    {
        RequireCluster();
        // Lucene refuses a single indexed term over 32,766 bytes: the json field must not be indexed at all.
        var json = "{\"narrative\":\"" + new string('x', 100_000) + "\"}";
        var report = new StoredReport(new ReportSummary("daily-20260302T0600Z", "daily", Six.AddDays(-1), Six, Six, "executive", 1, "generated"), json);

        Assert.True(await Store.UpsertAsync(report, Cancel));
        Assert.Equal(report, await Store.GetAsync(report.Id, Cancel));
        Assert.Equal([report.Summary], await Store.ListAsync(10, 0, null, null, Cancel));
    }

    [Fact]
    public async Task Live_indices_carry_the_mappings_of_the_deploy_templates()
    {
        RequireCluster();

        var answer = await Store.Client.Transport.RequestAsync<StringResponse>(
            new EndpointPath(Elastic.Transport.HttpMethod.GET, $"/{Store.Alias},{Store.ClaimsAlias}/_mapping"), null, null, null, Cancel);

        var mappings = JsonNode.Parse(answer.Body)!;
        var reports = mappings[$"{_prefix}-reports-v1"]!["mappings"]!;
        var claims = mappings[$"{_prefix}-report-claims-v1"]!["mappings"]!;
        Assert.Equal("strict", reports["dynamic"]!.GetValue<string>());
        Assert.False(reports["properties"]!["json"]!["index"]!.GetValue<bool>());
        Assert.Equal("date", claims["properties"]!["expires_at"]!["type"]!.GetValue<string>());
    }

    private void RequireCluster()
    {
        if (_store is null)
        {
            Assert.Skip("ELASTICSEARCH_URL is not set: no Elasticsearch 9 cluster to run the live report store tests against.");
        }
    }
}
