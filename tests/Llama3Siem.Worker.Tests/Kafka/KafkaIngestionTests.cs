using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Sinks.Sqlite;
using Llama3Siem.Worker.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>
/// The worker against a real Kafka broker, each promise proved by counting what the store holds against what
/// was produced.
/// </summary>
public sealed class KafkaIngestionTests(KafkaBroker broker, ITestOutputHelper output) : IClassFixture<KafkaBroker>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private List<string> Settings(string topic, string database, string group, string? deadLetterTopic = null) =>
        KafkaWorkerSettings.For(broker, topic, database, group, _folder.File("dead.jsonl"), deadLetterTopic);

    [Fact]
    public async Task Ten_thousand_events_are_all_enriched_and_each_is_referenced_by_exactly_one_incident()
    {
        var (topic, ids) = await ProduceEventsAsync(partitions: 4, count: 10_000, prefix: "ten-k");
        var database = _folder.File("incidents.db");
        var group = KafkaBroker.NewTopicName("group");

        await using (await InProcessWorker.StartAsync(Settings(topic, database, group)))
        {
            await StoredEvents.WaitForAsync(database, ids, Patience, TestContext.Current.CancellationToken);
        }

        var stored = await StoredEvents.ReadAsync(database, TestContext.Current.CancellationToken);
        AssertExactlyOnce(ids, stored);
        output.WriteLine($"{ids.Count} events in {stored.Values.SelectMany(v => v).Distinct().Count()} incidents");
        AssertCommittedToTheEnd(topic, group, partitions: 4);
    }

    [Fact]
    public async Task A_worker_killed_with_sigkill_and_restarted_loses_no_event_and_duplicates_no_document()
    {
        var (topic, ids) = await ProduceEventsAsync(partitions: 3, count: 6_000, prefix: "killed");
        var database = _folder.File("incidents.db");
        var settings = Settings(topic, database, KafkaBroker.NewTopicName("group"));
        var log = _folder.File("worker.log");

        using (var first = ChildWorker.Start(settings, log))
        {
            // Kill it somewhere in the middle of the work, at a point the test does not choose.
            await WaitUntilAsync(async () => (await StoredEvents.ReadAsync(database, TestContext.Current.CancellationToken)).Count >= 200, Patience);
            await Task.Delay(Random.Shared.Next(0, 1500), TestContext.Current.CancellationToken);
            first.Kill();
        }

        var beforeRestart = (await StoredEvents.ReadAsync(database, TestContext.Current.CancellationToken)).Count;
        using (var second = ChildWorker.Start(settings, log))
        {
            await StoredEvents.WaitForAsync(database, ids, Patience, TestContext.Current.CancellationToken);
            Assert.Equal(0, await second.TerminateAsync(TimeSpan.FromSeconds(60)));
        }

        var stored = await StoredEvents.ReadAsync(database, TestContext.Current.CancellationToken);
        output.WriteLine($"killed after {beforeRestart} of {ids.Count} events were stored");
        AssertExactlyOnce(ids, stored);
    }

    [Fact]
    public async Task A_store_that_fails_for_a_while_pauses_the_work_and_nothing_is_lost_or_committed_early()
    {
        var (topic, ids) = await ProduceEventsAsync(partitions: 2, count: 3_000, prefix: "flaky");
        var database = _folder.File("incidents.db");
        var group = KafkaBroker.NewTopicName("group");
        FlakyIncidentStore? flaky = null;

        await using (var worker = await InProcessWorker.StartAsync(Settings(topic, database, group), services =>
        {
            services.AddSingleton<IIncidentStore>(_ =>
                flaky = new FlakyIncidentStore(new SqliteIncidentStore(new SqliteStoreOptions { Path = database })));
        }))
        {
            await WaitUntilAsync(() => Task.FromResult(flaky is { Failures: >= 3 }), Patience);
            await Task.Delay(2000, TestContext.Current.CancellationToken);

            // While the store is down, nothing is stored and no offset moves.
            Assert.Empty(await StoredEvents.ReadAsync(database, TestContext.Current.CancellationToken));
            Assert.All(Committed(topic, group, partitions: 2), offset => Assert.True(offset.Offset.Value <= 0, $"committed {offset} while nothing was stored"));

            flaky!.Failing = false;
            await StoredEvents.WaitForAsync(database, ids, Patience, TestContext.Current.CancellationToken);
            output.WriteLine($"the store failed {flaky.Failures} times before it recovered");
        }

        AssertExactlyOnce(ids, await StoredEvents.ReadAsync(database, TestContext.Current.CancellationToken));
        AssertCommittedToTheEnd(topic, group, partitions: 2);
    }

    [Fact]
    public async Task Malformed_records_go_to_the_dead_letter_topic_with_their_reasons_and_the_rest_is_processed()
    {
        var topic = KafkaBroker.NewTopicName("events");
        var deadLetters = KafkaBroker.NewTopicName("dead");
        await broker.CreateTopicAsync(topic, partitions: 1);
        await broker.CreateTopicAsync(deadLetters, partitions: 1);
        var (lines, ids) = KafkaTestEvents.Make(300, "mixed");
        var bad = new List<byte[]>
        {
            Encoding.UTF8.GetBytes("this is not JSON"),
            new byte[] { (byte)'{', (byte)'"', (byte)'m', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}' },
            Array.Empty<byte>(),
            Encoding.UTF8.GetBytes("{\"message\":\"" + new string('A', 1_100_000) + "\"}"),
        };
        var config = broker.ProducerConfig();
        config.MessageMaxBytes = 4_194_304;
        using (var producer = new ProducerBuilder<Null, byte[]>(config).Build())
        {
            for (var i = 0; i < lines.Count; i++)
            {
                producer.Produce(topic, new Message<Null, byte[]> { Value = Encoding.UTF8.GetBytes(lines[i]) });
                if (i % 75 == 0 && i / 75 < bad.Count)
                {
                    producer.Produce(topic, new Message<Null, byte[]> { Value = bad[i / 75] });
                }
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        var database = _folder.File("incidents.db");
        await using (await InProcessWorker.StartAsync(Settings(topic, database, KafkaBroker.NewTopicName("group"), deadLetters)))
        {
            await StoredEvents.WaitForAsync(database, ids, Patience, TestContext.Current.CancellationToken);
            await WaitUntilAsync(() => Task.FromResult(broker.ReadTopic(deadLetters, TimeSpan.FromSeconds(2)).Count >= bad.Count), Patience);
        }

        AssertExactlyOnce(ids, await StoredEvents.ReadAsync(database, TestContext.Current.CancellationToken));
        var letters = broker.ReadTopic(deadLetters).Select(r => JsonDocument.Parse(r.Value).RootElement).ToList();
        Assert.Equal(bad.Count, letters.Count);
        var reasons = letters.Select(l => l.GetProperty("reason").GetString()!).ToList();
        Assert.Contains(reasons, r => r.StartsWith("not JSON", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("invalid UTF-8", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("empty record", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("larger than 1048576 bytes", StringComparison.Ordinal));
        Assert.All(letters, l => Assert.Equal(topic, l.GetProperty("source").GetString()));
        Assert.Equal(bad.Select(Convert.ToBase64String).Order(), letters.Select(l => l.GetProperty("original_base64").GetString()!).Order());
        Assert.Equal(letters.Count, letters.Select(l => l.GetProperty("offset").GetInt64()).Distinct().Count());
    }

    [Theory]
    [InlineData("range,roundrobin")]
    [InlineData("cooperative-sticky")]
    public async Task Two_workers_in_one_group_split_the_partitions_and_a_rebalance_in_the_middle_loses_nothing(string assignment)
    {
        var (topic, ids) = await ProduceEventsAsync(partitions: 6, count: 8_000, prefix: "shared");
        var database = _folder.File("incidents.db");
        var group = KafkaBroker.NewTopicName("group");
        var settings = Settings(topic, database, group);
        settings.Add($"--Kafka:Properties:partition.assignment.strategy={assignment}");

        await using (var first = await InProcessWorker.StartAsync(settings))
        {
            await WaitUntilAsync(async () => (await StoredEvents.ReadAsync(database, TestContext.Current.CancellationToken)).Count >= 500, Patience);
            await using (await InProcessWorker.StartAsync(settings))
            {
                await StoredEvents.WaitForAsync(database, ids, Patience, TestContext.Current.CancellationToken);

                // While both run, the group's committed offsets reach the end of every partition. (Checked before
                // stopping: a worker that stops leaves records it fetched but never handed out uncommitted, and
                // a restart would redeliver them, find them enriched, and commit them.)
                await WaitUntilAsync(() => Task.FromResult(CommittedToTheEnd(topic, group, partitions: 6)), Patience);
            }
        }

        var stored = await StoredEvents.ReadAsync(database, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(ids, id => !stored.ContainsKey(id));
        var duplicated = stored.Count(e => e.Value.Count > 1);
        output.WriteLine($"{assignment}: {ids.Count} events stored; {duplicated} referenced by more than one incident after the rebalance");
    }

    /// <summary>A new topic holding <paramref name="count"/> test events spread over its partitions; returns their ids.</summary>
    private async Task<(string Topic, List<string> Ids)> ProduceEventsAsync(int partitions, int count, string prefix)
    {
        var topic = KafkaBroker.NewTopicName("events");
        await broker.CreateTopicAsync(topic, partitions);
        var (lines, ids) = KafkaTestEvents.Make(count, prefix);
        broker.ProduceJsonLines(topic, lines, SpreadKey);
        return (topic, ids);
    }

    /// <summary>Keys spread the events over every partition (unkeyed, the producer fills one partition at a time).</summary>
    private static string SpreadKey(string line) => ((uint)StringComparer.Ordinal.GetHashCode(line) % 997).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void AssertExactlyOnce(IReadOnlyCollection<string> produced, Dictionary<string, List<string>> stored) =>
        KafkaProgress.AssertExactlyOnce(produced, stored);

    private List<TopicPartitionOffset> Committed(string topic, string group, int partitions) => KafkaProgress.Committed(broker, topic, group, partitions);

    private void AssertCommittedToTheEnd(string topic, string group, int partitions) =>
        Assert.True(CommittedToTheEnd(topic, group, partitions), "the group's committed offsets are not at the end of every partition");

    private bool CommittedToTheEnd(string topic, string group, int partitions) =>
        KafkaProgress.CommittedToTheEnd(broker, topic, group, Enumerable.Range(0, partitions));

    private static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout) => KafkaProgress.WaitUntilAsync(condition, timeout);
}
