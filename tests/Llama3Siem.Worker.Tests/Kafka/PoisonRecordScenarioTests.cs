using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Llama3Siem.Worker.Tests.Hosting;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>
/// The operator's scenario of issue 22, against the real broker (which takes records up to 4 MiB): 20,000 events
/// on three partitions with five poison records among them, one of just over 1 MiB whose dead letter is larger than
/// the dead-letter producer may send; the worker is killed with SIGKILL after a few seconds and started again.
/// </summary>
public sealed class PoisonRecordScenarioTests(KafkaBroker broker, ITestOutputHelper output) : IClassFixture<KafkaBroker>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Twenty_thousand_events_and_five_poison_records_are_each_stored_or_dead_lettered_once(bool killedOnce)
    {
        var topic = KafkaBroker.NewTopicName("events");
        var deadLetters = KafkaBroker.NewTopicName("dead");
        await broker.CreateTopicAsync(topic, partitions: 3);
        await broker.CreateTopicAsync(deadLetters, partitions: 1);
        var (lines, ids) = KafkaTestEvents.Make(20_000, "poison");
        var large = Encoding.UTF8.GetBytes("{\"message\":\"" + new string('A', 1_100_000) + "\"}");
        byte[][] poison =
        [
            Encoding.UTF8.GetBytes("this is not JSON"),
            Encoding.UTF8.GetBytes("{\"message\": \"cut off"),
            [(byte)'{', (byte)'"', (byte)'m', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}'],
            Encoding.UTF8.GetBytes("[{\"message\":\"an array\"}]"),
            large,
        ];

        // The poison records go in after the first few thousand events, one per partition and two on partition 0,
        // so that most events of every partition arrive after them.
        broker.ProduceJsonLines(topic, lines.Take(3_000), KafkaTestEvents.SpreadKey);
        var config = broker.ProducerConfig();
        config.MessageMaxBytes = 4_194_304;
        using (var producer = new ProducerBuilder<Null, byte[]>(config).Build())
        {
            for (var i = 0; i < poison.Length; i++)
            {
                await producer.ProduceAsync(new TopicPartition(topic, i % 3), new Message<Null, byte[]> { Value = poison[i] }, TestContext.Current.CancellationToken);
            }
        }

        broker.ProduceJsonLines(topic, lines.Skip(3_000), KafkaTestEvents.SpreadKey);
        var database = _folder.File("incidents.db");
        var group = KafkaBroker.NewTopicName("group");
        var settings = KafkaWorkerSettings.For(broker, topic, database, group, _folder.File("dead.jsonl"), deadLetters);
        // The dead-letter producer's own limit stays at librdkafka's default: the large record's letter (its
        // original in base64, about 1.5 MB) does not fit and must be cut, not retried for ever.
        settings.Add("--Kafka:DeadLetterProperties:message.max.bytes=1000000");
        var log = _folder.File("worker.log");

        // The poison records were all on the topic before the worker started: from the first start to the last
        // event stored bounds the time from the large record's arrival to every other event being stored.
        var clock = Stopwatch.StartNew();
        if (killedOnce)
        {
            using var first = ChildWorker.Start(settings, log);
            await Task.Delay(TimeSpan.FromSeconds(Random.Shared.Next(3, 7)), TestContext.Current.CancellationToken);
            first.Kill();
        }

        var beforeRestart = (await StoredEvents.ReadAsync(database, TestContext.Current.CancellationToken)).Count;
        var restarted = clock.Elapsed;
        TimeSpan allStored;
        using (var second = ChildWorker.Start(settings, log))
        {
            await StoredEvents.WaitForAsync(database, ids, Patience, TestContext.Current.CancellationToken);
            allStored = clock.Elapsed;
            await KafkaProgress.WaitUntilAsync(() => Task.FromResult(KafkaProgress.CommittedToTheEnd(broker, topic, group, [0, 1, 2])), Patience);
            Assert.Equal(0, await second.TerminateAsync(TimeSpan.FromSeconds(60)));
        }

        KafkaProgress.AssertExactlyOnce(ids, await StoredEvents.ReadAsync(database, TestContext.Current.CancellationToken));
        var letters = broker.ReadTopic(deadLetters);
        Assert.Equal(poison.Length, letters.Count);
        Assert.Equal(poison.Length, letters.Select(l => l.Key).Distinct().Count());
        var documents = letters.Select(l => JsonDocument.Parse(l.Value).RootElement).ToList();
        Assert.All(documents, d => Assert.False(string.IsNullOrWhiteSpace(d.GetProperty("reason").GetString())));
        var truncated = Assert.Single(documents, d => d.TryGetProperty("original_truncated", out var t) && t.GetBoolean());
        Assert.Equal(large.Length, truncated.GetProperty("original_size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(large)), truncated.GetProperty("original_sha256").GetString());
        output.WriteLine((killedOnce ? $"killed after {restarted.TotalSeconds:F1} s with {beforeRestart} of {ids.Count} events stored; " : "not killed; ")
            + $"all {ids.Count} stored {allStored.TotalSeconds:F1} s after the first start ({(allStored - restarted).TotalSeconds:F1} s after the last start); "
            + $"{letters.Count} dead letters, one truncated from {large.Length} bytes");
    }
}
