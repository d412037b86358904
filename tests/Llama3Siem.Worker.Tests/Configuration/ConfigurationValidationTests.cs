namespace Llama3Siem.Worker.Tests.Configuration;

public sealed class ConfigurationValidationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("--Store:Kind=elastic", "Store:Kind must be 'sqlite' or 'elasticsearch' (got 'elastic').")]
    [InlineData("--Correlation:Window=00:00:00", "Correlation:Window must be between")]
    [InlineData("--Correlation:MaxEventsPerIncident=0", "Correlation:MaxEventsPerIncident must be between 1 and 100000 (got 0).")]
    [InlineData("--Batching:MaxEvents=-1", "Batching:MaxEvents must be between")]
    [InlineData("--Batching:MaxPromptTokens=10", "Batching:MaxPromptTokens must be between")]
    [InlineData("--Llama:ContextSize=100", "Llama:ContextSize must be between 512 and 131072 (got 100).")]
    [InlineData("--Llama:Temperature=3", "Llama:Temperature must be between 0 and 2")]
    [InlineData("--Llama:MaxTokens=3000", "Llama:MaxTokens must leave at least half of Llama:ContextSize")]
    [InlineData("--Llama:ModelPath=/nonexistent/model.gguf", "Llama:ModelPath names a file that does not exist")]
    [InlineData("--Correlation:Window=soon", "'Correlation:Window'")]
    [InlineData("--DeadLetters:Path=", "DeadLetters:Path must be a file path.")]
    [InlineData("--Correlation:IdleTimeout=00:00:00", "Correlation:IdleTimeout must be between")]
    [InlineData("--Llama:KvCacheType=f8", "Llama:KvCacheType must be one of f16, q8_0, q4_0 (got 'f8').")]
    [InlineData("--Llama:MaxSequences=0", "Llama:MaxSequences must be between 1 and 64 (got 0).")]
    [InlineData("--Telemetry:OtlpEndpoint=collector:4317", "Telemetry:OtlpEndpoint must be an http or https URL")]
    public async Task Invalid_settings_stop_the_command_with_a_message_naming_the_setting(string setting, string expected)
    {
        var input = _folder.File("in.jsonl");
        await File.WriteAllTextAsync(input, "{\"message\":\"hello\",\"timestamp\":\"2026-03-01T09:00:00Z\"}\n", TestContext.Current.CancellationToken);

        var (exitCode, _, error) = await CliRunner.RunAsync("enrich", "--input", input, "--db", _folder.File("x.db"), setting);

        Assert.Equal(2, exitCode);
        Assert.Contains("Invalid configuration:", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("x.db")));
    }

    [Theory]
    [InlineData("Kafka:BootstrapServers must list the brokers")]
    [InlineData("Kafka:Topics must name at least one topic")]
    public async Task The_kafka_source_needs_brokers_and_topics(string expected)
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("run", "--Source:Kind=kafka", "--Store:Sqlite:Path=" + _folder.File("x.db"));

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Store:Kind=elasticsearch", "Elasticsearch:Url must name the cluster")]
    [InlineData("--Elasticsearch:Url=ftp://es:9200", "Elasticsearch:Url must be absolute http or https URLs.")]
    [InlineData("--Elasticsearch:Username=elastic", "Elasticsearch:Password must be set together with Elasticsearch:Username.")]
    [InlineData("--Elasticsearch:IndexPrefix=SIEM", "Elasticsearch:IndexPrefix must be a lower-case index name prefix")]
    public async Task The_elasticsearch_store_settings_are_checked_at_start(string setting, string expected)
    {
        var input = _folder.File("in.jsonl");
        await File.WriteAllTextAsync(input, "{\"message\":\"hello\",\"timestamp\":\"2026-03-01T09:00:00Z\"}\n", TestContext.Current.CancellationToken);
        string[] url = setting.StartsWith("--Elasticsearch:", StringComparison.Ordinal) && !setting.StartsWith("--Elasticsearch:Url", StringComparison.Ordinal)
            ? ["--Elasticsearch:Url=http://127.0.0.1:9"]
            : [];

        var (exitCode, _, error) = await CliRunner.RunAsync(["enrich", "--input", input, "--Store:Kind=elasticsearch", .. url, setting]);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offset_storing_cannot_be_handed_back_to_librdkafka()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("run", "--Source:Kind=kafka", "--Kafka:BootstrapServers=127.0.0.1:9", "--Kafka:Topics:0=events",
            "--Kafka:Properties:enable.auto.offset.store=true", "--Store:Sqlite:Path=" + _folder.File("x.db"));

        Assert.Equal(2, exitCode);
        Assert.Contains("Kafka:Properties:enable.auto.offset.store is managed by the worker", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_path_that_is_not_a_gguf_file_is_refused_at_start()
    {
        var notAModel = _folder.File("model.gguf");
        await File.WriteAllTextAsync(notAModel, "definitely not a model", TestContext.Current.CancellationToken);

        var (exitCode, _, error) = await CliRunner.RunAsync("enrich", "--input", notAModel, "--model", notAModel, "--db", _folder.File("x.db"));

        Assert.Equal(2, exitCode);
        Assert.Contains("Llama:ModelPath is not a GGUF model file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_run_command_validates_configuration_when_the_host_starts()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("run", "--Source:Kind=carrier-pigeon", "--Store:Sqlite:Path=" + _folder.File("x.db"));

        Assert.Equal(2, exitCode);
        Assert.Contains("Source:Kind must be 'file' or 'kafka' (got 'carrier-pigeon').", error, StringComparison.Ordinal);
    }
}
