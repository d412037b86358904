using System.Text;
using Confluent.Kafka;
using Llama3Siem.Sinks.DeadLetters;
using Llama3Siem.Worker.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>
/// One record whose dead letter cannot be written must not stop the stream: against the real broker, the other
/// partitions' events are stored and committed while it waits, its own partition's offset stays before it, and the
/// worker says why it is not ready.
/// </summary>
public sealed class DeadLetterHoldTests(KafkaBroker broker, ITestOutputHelper output) : IClassFixture<KafkaBroker>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_dead_letter_that_cannot_be_written_holds_only_its_own_partition_and_the_worker_says_why()
    {
        var topic = KafkaBroker.NewTopicName("events");
        await broker.CreateTopicAsync(topic, partitions: 3);
        using (var producer = new ProducerBuilder<Null, byte[]>(broker.ProducerConfig()).Build())
        {
            // The poison record is the first of partition 0: every later event of that partition sits behind it.
            await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<Null, byte[]> { Value = Encoding.UTF8.GetBytes("not JSON at all") }, TestContext.Current.CancellationToken);
        }

        var (lines, ids) = KafkaTestEvents.Make(3_000, "held");
        broker.ProduceJsonLines(topic, lines, KafkaTestEvents.SpreadKey);
        var database = _folder.File("incidents.db");
        var group = KafkaBroker.NewTopicName("group");
        var deadLetterFile = _folder.File("dead.jsonl");
        var settings = KafkaWorkerSettings.For(broker, topic, database, group, deadLetterFile);
        settings.Add("--DeadLetters:MaxWait=00:00:01");
        var held = new HeldDeadLetterSink(new JsonlFileDeadLetterSink(deadLetterFile));

        await using (var worker = await InProcessWorker.StartAsync(settings, services => services.AddSingleton<IDeadLetterSink>(held)))
        {
            // Every event is stored, those of partition 0 behind the poison record too, while its letter waits.
            await StoredEvents.WaitForAsync(database, ids, Patience, TestContext.Current.CancellationToken);
            await KafkaProgress.WaitUntilAsync(() => Task.FromResult(KafkaProgress.CommittedToTheEnd(broker, topic, group, [1, 2])), Patience);
            Assert.True(held.Held);
            Assert.Equal(0, KafkaProgress.Position(KafkaProgress.Committed(broker, topic, group, 3)[0]));

            var backlog = worker.Services.GetRequiredService<DeadLetterBacklog>();
            await KafkaProgress.WaitUntilAsync(() => Task.FromResult(backlog.Oldest() is { Waited.TotalSeconds: >= 1 }), Patience);
            Assert.Equal($"{topic}/0/0", backlog.Oldest()!.Value.Origin);
            output.WriteLine($"while held: {ids.Count} events stored, partitions 1 and 2 committed to the end, partition 0 at 0; {held.Refusals} refusals");

            held.Held = false;
            await KafkaProgress.WaitUntilAsync(() => Task.FromResult(KafkaProgress.CommittedToTheEnd(broker, topic, group, [0, 1, 2])), Patience);
            Assert.Null(backlog.Oldest());
        }

        var letter = Assert.Single(JsonlFileDeadLetterSink.ReadAll(deadLetterFile));
        Assert.Equal(0, letter.Partition);
        Assert.Equal(0, letter.Offset);
        KafkaProgress.AssertExactlyOnce(ids, await StoredEvents.ReadAsync(database, TestContext.Current.CancellationToken));
    }
}
