using Llama3Siem.Sinks.DeadLetters;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Tests.Configuration;

/// <summary>The dead-letter settings: checked at start with messages naming them, and the sinks they wire.</summary>
public sealed class DeadLetterConfigurationTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeLogCollector _logs = new();

    public void Dispose() => _folder.Dispose();

    private ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["DeadLetters:Path"] = _folder.File("dead-letters.jsonl") };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        return new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(_logs)))
            .AddLlama3SiemOptions(configuration)
            .AddLlama3SiemStore()
            .BuildServiceProvider();
    }

    private static readonly (string, string)[] KafkaSource =
    [
        ("Source:Kind", "kafka"),
        ("Kafka:BootstrapServers", "127.0.0.1:9"),
        ("Kafka:Topics:0", "events"),
    ];

    [Theory]
    [InlineData("DeadLetters:MaxFileBytes", "1000", "DeadLetters:MaxFileBytes must be between 65536 and 1099511627776 (got 1000).")]
    [InlineData("DeadLetters:MaxFiles", "0", "DeadLetters:MaxFiles must be between 1 and 1000 (got 0).")]
    public void Bad_file_limits_are_refused_naming_the_setting(string key, string value, string expected)
    {
        using var services = Services((key, value));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DeadLetterOptions>>().Value);

        Assert.Contains(expected, error.Failures);
    }

    [Theory]
    [InlineData("Kafka:DeadLetterProperties:message.max.bytes", "big", "Kafka:DeadLetterProperties:message.max.bytes must be a whole number of bytes between 1000 and 1000000000 (got 'big').")]
    [InlineData("Kafka:Properties:max.partition.fetch.bytes", "2000000000", "Kafka:Properties:max.partition.fetch.bytes must be a whole number of bytes between 1000 and 1000000000 (got '2000000000').")]
    [InlineData("Kafka:DeadLetterProperties:bootstrap.servers", " ", "Kafka:DeadLetterProperties:bootstrap.servers must list the dead-letter cluster's brokers (host:port, comma-separated), or be left out to use Kafka:BootstrapServers.")]
    public void Bad_dead_letter_producer_settings_are_refused_naming_the_setting(string key, string value, string expected)
    {
        using var services = Services([.. KafkaSource, (key, value)]);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KafkaOptions>>().Value);

        Assert.Contains(expected, error.Failures);
    }

    [Fact]
    public async Task Defaults_keep_four_files_of_256_MiB()
    {
        await using var services = Services();

        var options = services.GetRequiredService<IOptions<DeadLetterOptions>>().Value;

        Assert.Equal((268_435_456L, 4), (options.MaxFileBytes, options.MaxFiles));
        Assert.IsType<JsonlFileDeadLetterSink>(services.GetRequiredService<IDeadLetterSink>());
    }

    [Fact]
    public async Task With_a_dead_letter_topic_letters_go_to_the_topic_with_the_file_behind_it()
    {
        await using var services = Services([.. KafkaSource, ("Kafka:DeadLetterTopic", "events-dead")]);

        Assert.IsType<RoutedDeadLetterSink>(services.GetRequiredService<IDeadLetterSink>());
        Assert.False(services.GetRequiredService<KafkaDeadLetterSink>().Limit.IsExplicit);
        Assert.DoesNotContain(_logs.GetSnapshot(), r => r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task A_separate_dead_letter_cluster_is_accepted_and_the_topic_sink_uses_it()
    {
        await using var services = Services([.. KafkaSource, ("Kafka:DeadLetterTopic", "events-dead"), ("Kafka:DeadLetterProperties:bootstrap.servers", "dead-1:9092,dead-2:9092")]);

        Assert.Equal("dead-1:9092,dead-2:9092", services.GetRequiredService<KafkaDeadLetterSink>().BootstrapServers);
        Assert.IsType<RoutedDeadLetterSink>(services.GetRequiredService<IDeadLetterSink>());
    }

    [Fact]
    public async Task A_producer_limit_below_what_the_consumer_receives_is_accepted_with_a_warning_naming_both_settings()
    {
        await using var services = Services(
        [
            .. KafkaSource,
            ("Kafka:DeadLetterTopic", "events-dead"),
            ("Kafka:Properties:max.partition.fetch.bytes", "4194304"),
            ("Kafka:DeadLetterProperties:message.max.bytes", "1000000"),
        ]);

        var sink = services.GetRequiredService<KafkaDeadLetterSink>();

        Assert.Equal(1_000_000, sink.Limit.Bytes);
        var warning = Assert.Single(_logs.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains("Kafka:DeadLetterProperties:message.max.bytes", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Kafka:Properties:max.partition.fetch.bytes", warning.Message, StringComparison.Ordinal);
    }
}
