using Llama3Siem.Sinks.Elasticsearch;

namespace Llama3Siem.Sinks.Tests.Elasticsearch;

/// <summary>A store wired to a <see cref="FakeElasticsearch"/>, with a recorded clock and a fixed jitter.</summary>
internal static class ElasticsearchTestStore
{
    public static ElasticsearchStoreOptions Options(int maxRetries = 4) => new()
    {
        Url = new Uri("http://unused.invalid:9200"),
        MaxRetries = maxRetries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(100),
        RetryMaxDelay = TimeSpan.FromSeconds(5),
    };

    public static async Task<ElasticsearchIncidentStore> OpenAsync(
        FakeElasticsearch fake, DelayRecorder? clock = null, ElasticsearchStoreOptions? options = null, double jitter = 0.5)
    {
        var store = new ElasticsearchIncidentStore(options ?? Options(), fake.Settings(), null, clock ?? new DelayRecorder(), () => jitter);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    public static async Task<ElasticsearchReportStore> OpenReportsAsync(
        FakeElasticsearch fake, DelayRecorder? clock = null, ElasticsearchStoreOptions? options = null, double jitter = 0.5)
    {
        var store = new ElasticsearchReportStore(options ?? Options(), fake.Settings(), null, clock ?? new DelayRecorder(), () => jitter);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    /// <summary>
    /// Options for the cluster at <c>ELASTICSEARCH_URL</c> (with <c>ELASTICSEARCH_API_KEY</c>, or
    /// <c>ELASTICSEARCH_USERNAME</c>/<c>ELASTICSEARCH_PASSWORD</c>, and <c>ELASTICSEARCH_FINGERPRINT</c>), or null
    /// when no cluster is configured.
    /// </summary>
    public static ElasticsearchStoreOptions? LiveOptions(string prefix) =>
        Environment.GetEnvironmentVariable("ELASTICSEARCH_URL") is { } url && !string.IsNullOrWhiteSpace(url)
            ? new ElasticsearchStoreOptions
            {
                Url = new Uri(url),
                ApiKey = Environment.GetEnvironmentVariable("ELASTICSEARCH_API_KEY"),
                Username = Environment.GetEnvironmentVariable("ELASTICSEARCH_USERNAME"),
                Password = Environment.GetEnvironmentVariable("ELASTICSEARCH_PASSWORD"),
                CertificateFingerprint = Environment.GetEnvironmentVariable("ELASTICSEARCH_FINGERPRINT"),
                IndexPrefix = prefix,
                MaxRetries = 2,
            }
            : null;

    /// <summary>Removes what a report store with this prefix created on a live cluster.</summary>
    public static async Task DeleteReportIndicesAsync(ElasticsearchReportStore store, string prefix)
    {
        var names = new ReportIndexNames(prefix);
        foreach (var path in new[] { names.Index, names.ClaimsIndex, "_index_template/" + names.IndexTemplate, "_index_template/" + names.ClaimsIndexTemplate })
        {
            await store.Client.Transport.RequestAsync<Elastic.Transport.StringResponse>(
                new Elastic.Transport.EndpointPath(Elastic.Transport.HttpMethod.DELETE, "/" + path), null, null, null, CancellationToken.None);
        }
    }

    /// <summary>The repository's <c>deploy/elasticsearch</c> folder, found by walking up to the solution file.</summary>
    public static string DeployFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Llama3Siem.sln")))
            {
                return Path.Combine(folder.FullName, "deploy", "elasticsearch");
            }
        }

        throw new DirectoryNotFoundException("No Llama3Siem.sln above the test's base directory.");
    }
}
