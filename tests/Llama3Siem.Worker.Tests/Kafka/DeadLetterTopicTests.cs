using Llama3Siem.Sinks.DeadLetters;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>The dead-letter topic on a broker that takes messages of up to 4 MiB and creates topics on demand.</summary>
public sealed class DeadLetterTopicTests(KafkaBroker broker) : IClassFixture<KafkaBroker>
{
    private const int OverOneMebibyte = 1_153_434; // 1.1 MiB

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_letter_of_a_record_over_1_MiB_lands_on_the_topic_whole_under_the_limit_derived_from_the_consumer()
    {
        var topic = KafkaBroker.NewTopicName("dead");
        await broker.CreateTopicAsync(topic);
        var (letter, original) = DeadLetterSinks.Letter("events", 7, OverOneMebibyte);

        using (var sink = new KafkaDeadLetterSink(DeadLetterSinks.Options(broker, topic)))
        {
            Assert.False(sink.Limit.IsExplicit);
            Assert.Equal((4_194_304L * 4 / 3) + 3 + 65_536, sink.Limit.Bytes);
            await sink.WriteAsync(letter, Cancel);
        }

        var record = Assert.Single(broker.ReadTopic(topic));
        Assert.Equal("events/0/7", record.Key);
        var json = DeadLetterSinks.Json(record);
        Assert.Equal(original, Convert.FromBase64String(json.GetProperty("original_base64").GetString()!));
        Assert.False(json.TryGetProperty("original_truncated", out _));
        Assert.Equal(OverOneMebibyte, json.GetProperty("original_size").GetInt64());
        Assert.Equal(DeadLetterSinks.Sha256(original), json.GetProperty("original_sha256").GetString());
    }

    [Fact]
    public async Task The_same_letter_written_twice_and_again_after_a_restart_is_on_the_topic_once()
    {
        var topic = KafkaBroker.NewTopicName("dead");
        await broker.CreateTopicAsync(topic, partitions: 2);
        var (letter, _) = DeadLetterSinks.Letter("events", 11, 1_000);
        var (other, _) = DeadLetterSinks.Letter("events", 12, 1_000);

        using (var first = new KafkaDeadLetterSink(DeadLetterSinks.Options(broker, topic)))
        {
            await first.WriteAsync(letter, Cancel);
            await first.WriteAsync(letter, Cancel);
        }

        // A new process: it knows what the topic holds only by reading it.
        using (var second = new KafkaDeadLetterSink(DeadLetterSinks.Options(broker, topic)))
        {
            await second.WriteAsync(letter, Cancel);
            await second.WriteAsync(other, Cancel);
        }

        var keys = broker.ReadTopic(topic).Select(r => r.Key).Order().ToList();
        Assert.Equal(["events/0/11", "events/0/12"], keys);
    }

    [Fact]
    public async Task A_topic_the_broker_creates_on_first_use_takes_letters()
    {
        var topic = KafkaBroker.NewTopicName("dead-auto");
        var (letter, _) = DeadLetterSinks.Letter("events", 1, 100);

        using (var sink = new KafkaDeadLetterSink(DeadLetterSinks.Options(broker, topic)))
        {
            await sink.WriteAsync(letter, Cancel);
        }

        Assert.Equal("events/0/1", Assert.Single(broker.ReadTopic(topic)).Key);
    }
}
