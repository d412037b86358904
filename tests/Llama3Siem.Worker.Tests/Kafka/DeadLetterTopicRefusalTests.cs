using Llama3Siem.Sinks.DeadLetters;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>The dead-letter topic on a broker with Kafka's default 1 MB limit that creates no topic on demand.</summary>
public sealed class DeadLetterTopicRefusalTests(StrictKafkaBroker broker) : IClassFixture<StrictKafkaBroker>, IDisposable
{
    private const int OverOneMebibyte = 1_153_434; // 1.1 MiB
    private readonly TempFolder _folder = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_letter_the_broker_refuses_as_too_large_lands_truncated_with_the_size_and_hash_of_the_whole_original()
    {
        var topic = KafkaBroker.NewTopicName("dead");
        await broker.CreateTopicAsync(topic);
        var (letter, original) = DeadLetterSinks.Letter("events", 3, OverOneMebibyte);

        using (var sink = new KafkaDeadLetterSink(DeadLetterSinks.Options(broker, topic)))
        {
            // The producer would send 1.5 MB; the broker takes 1 MB.
            Assert.True(sink.Limit.Bytes > StrictKafkaBroker.MessageMaxBytes);
            await sink.WriteAsync(letter, Cancel);
        }

        var record = Assert.Single(broker.ReadTopic(topic));
        Assert.Equal("events/0/3", record.Key);
        Assert.True(record.Value.Length <= StrictKafkaBroker.MessageMaxBytes);
        var json = DeadLetterSinks.Json(record);
        Assert.True(json.GetProperty("original_truncated").GetBoolean());
        Assert.Equal(OverOneMebibyte, json.GetProperty("original_size").GetInt64());
        Assert.Equal(DeadLetterSinks.Sha256(original), json.GetProperty("original_sha256").GetString());
        var kept = Convert.FromBase64String(json.GetProperty("original_base64").GetString()!);
        Assert.InRange(kept.Length, KafkaDeadLetterSink.MinimumCutBytes, OverOneMebibyte - 1);
        Assert.Equal(original.AsSpan(0, kept.Length).ToArray(), kept);
    }

    [Fact]
    public async Task A_letter_for_a_topic_the_broker_does_not_have_goes_to_the_local_file_with_the_reason_and_is_counted()
    {
        var topic = KafkaBroker.NewTopicName("dead-missing");
        var (letter, original) = DeadLetterSinks.Letter("events", 5, 2_000);
        using var metrics = new DeadLetterMetrics();
        using var fallbacks = new MetricCollector<long>(metrics.Meter, DeadLetterMetrics.FallbackInstrument);
        var logger = new FakeLogger<RoutedDeadLetterSink>();
        var path = _folder.File("dead-letters.jsonl");

        // librdkafka waits this long for a topic to appear before it says the topic is unknown (default 30 s).
        var producer = new Dictionary<string, string> { ["topic.metadata.propagation.max.ms"] = "1000" };
        using (var kafka = new KafkaDeadLetterSink(DeadLetterSinks.Options(broker, topic, producer), NullLogger.Instance, metrics))
        await using (var file = new JsonlFileDeadLetterSink(path, metrics: metrics))
        {
            var sink = new RoutedDeadLetterSink(kafka, file, logger, TimeProvider.System, metrics);
            await sink.WriteAsync(letter, Cancel);
        }

        var written = Assert.Single(JsonlFileDeadLetterSink.ReadAll(path));
        Assert.Equal("dead-letter topic refused it: the topic does not exist and the broker does not create it", written.DestinationError);
        Assert.Equal(original, Convert.FromBase64String(written.OriginalBase64));
        Assert.Equal(5, written.Offset);
        var counted = Assert.Single(fallbacks.GetMeasurementSnapshot());
        Assert.Equal("unknown_topic", counted.Tags["reason"]);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Error);
    }
}
