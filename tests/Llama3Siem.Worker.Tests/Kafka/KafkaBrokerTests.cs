using System.Diagnostics;
using Confluent.Kafka;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>What the worker's Kafka source may rely on from the test broker, proved with librdkafka itself.</summary>
public sealed class KafkaBrokerTests(KafkaBroker broker, ITestOutputHelper output) : IClassFixture<KafkaBroker>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_consumer_group_resumes_at_its_committed_offsets_and_sees_every_message_once()
    {
        var topic = KafkaBroker.NewTopicName("smoke");
        await broker.CreateTopicAsync(topic, partitions: 3);
        var sent = Enumerable.Range(0, 1_000).Select(i => $"{{\"seq\":{i}}}").ToList();

        var producing = Stopwatch.StartNew();
        Assert.Equal(1_000, broker.ProduceJsonLines(topic, sent, keyOf: line => line));
        output.WriteLine($"broker ready in {broker.StartupTime.TotalMilliseconds:0} ms; 1,000 messages produced in {producing.ElapsedMilliseconds} ms");

        var config = broker.ConsumerConfig(KafkaBroker.NewTopicName("group"));
        config.EnableAutoOffsetStore = false;
        config.EnableAutoCommit = false;
        var received = new List<string>();

        List<TopicPartitionOffset> committed;
        using (var first = new ConsumerBuilder<Ignore, string>(config).Build())
        {
            first.Subscribe(topic);
            while (received.Count < 600)
            {
                var result = first.Consume(Patience) ?? throw new TimeoutException($"first consumer stalled after {received.Count}");
                received.Add(result.Message.Value);
                first.StoreOffset(result);
            }

            committed = first.Commit();
            first.Close();
        }

        // A committed offset is the next one to read, so over partitions that all start at 0 they add up to the
        // count. Partitions the first consumer got nothing from come back unset and restart at the beginning.
        var resumeAt = committed.ToDictionary(c => c.Partition.Value, c => c.Offset == Offset.Unset ? 0L : c.Offset.Value);
        Assert.Equal(600, resumeAt.Values.Sum());
        Assert.True(resumeAt.Values.Count(offset => offset > 0) > 1, "the keyed messages should have spread over partitions");

        var firstOffsetAfterRestart = new Dictionary<int, long>();
        using (var second = new ConsumerBuilder<Ignore, string>(config).Build())
        {
            second.Subscribe(topic);
            while (received.Count < sent.Count)
            {
                var result = second.Consume(Patience) ?? throw new TimeoutException($"second consumer stalled after {received.Count}");
                firstOffsetAfterRestart.TryAdd(result.Partition.Value, result.Offset.Value);
                received.Add(result.Message.Value);
                second.StoreOffset(result);
            }

            Assert.Null(second.Consume(TimeSpan.FromSeconds(1)));
            second.Commit();
            second.Close();
        }

        foreach (var (partition, offset) in firstOffsetAfterRestart)
        {
            Assert.Equal(resumeAt.GetValueOrDefault(partition), offset);
        }

        Assert.Equal(sent.Order(), received.Order());
    }

    [Fact]
    public async Task Reading_a_topic_returns_every_message_in_partition_and_offset_order()
    {
        var topic = KafkaBroker.NewTopicName("read");
        await broker.CreateTopicAsync(topic, partitions: 2);
        var sent = Enumerable.Range(0, 50).Select(i => $"{{\"n\":{i}}}").ToList();
        broker.ProduceJsonLines(topic, sent);

        var records = broker.ReadTopic(topic);

        Assert.Equal(sent.Order(), records.Select(r => r.Value).Order());
        foreach (var partition in records.GroupBy(r => r.Partition))
        {
            Assert.Equal(Enumerable.Range(0, partition.Count()).Select(i => (long)i), partition.Select(r => r.Offset));
        }

        Assert.All(records, r => Assert.Null(r.Key));
    }

    [Fact]
    public async Task The_bundled_broker_drops_message_headers_so_nothing_may_rely_on_them()
    {
        if (!broker.IsLegacyBroker)
        {
            Assert.Skip($"{KafkaBroker.BootstrapServersVariable} names a broker newer than 0.9; Kafka 0.11+ keeps headers.");
        }

        var topic = KafkaBroker.NewTopicName("headers");
        await broker.CreateTopicAsync(topic);
        using (var producer = new ProducerBuilder<Null, string>(broker.ProducerConfig()).Build())
        {
            var headers = new Headers { { "error", "parse failed"u8.ToArray() } };
            var delivered = await producer.ProduceAsync(topic, new Message<Null, string> { Value = "{}", Headers = headers }, TestContext.Current.CancellationToken);
            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        }

        var config = broker.ConsumerConfig(KafkaBroker.NewTopicName("group"));
        using var consumer = new ConsumerBuilder<Ignore, string>(config).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var result = consumer.Consume(Patience);

        Assert.NotNull(result);
        Assert.Equal("{}", result.Message.Value);
        Assert.True(result.Message.Headers is null || result.Message.Headers.Count == 0, "headers survived the 0.9 broker");
    }
}
