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
