using Llama3Siem.Sinks.DeadLetters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>
/// A dead-letter topic this client may not write (a Deny ACL on a broker with Kafka's authorizer), with the real
/// worker: the topic's refusal is for good, so the letters go to the local file and the stream goes on.
/// </summary>
public sealed class DeadLetterTopicAuthorizationTests(AclKafkaBroker broker, ITestOutputHelper output) : IClassFixture<AclKafkaBroker>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Letters_the_topic_is_not_authorized_to_take_land_in_the_local_file_saying_so_and_every_partition_is_committed()
    {
        var topic = KafkaBroker.NewTopicName("events");
        var deadLetters = KafkaBroker.NewTopicName("dead-denied");
        await broker.CreateTopicAsync(topic, partitions: 2);
        await broker.CreateTopicAsync(deadLetters);
        await broker.DenyWriteAsync(deadLetters);
        var (ids, poisonKeys) = await KafkaTestEvents.ProduceWithPoisonAsync(broker, topic, 300, "denied",
            (0, "not JSON at all"), (1, "{\"message\": \"cut off"), (0, "[{\"message\":\"an array\"}]"));
        var database = _folder.File("incidents.db");
        var group = KafkaBroker.NewTopicName("group");
        var deadLetterFile = _folder.File("dead.jsonl");
        using var metrics = new DeadLetterMetrics();
        using var fallbacks = new MetricCollector<long>(metrics.Meter, DeadLetterMetrics.FallbackInstrument);

        await using (await InProcessWorker.StartAsync(KafkaWorkerSettings.For(broker, topic, database, group, deadLetterFile, deadLetters), services => services.AddSingleton(metrics)))
        {
            await StoredEvents.WaitForAsync(database, ids, Patience, TestContext.Current.CancellationToken);
            await KafkaProgress.WaitUntilAsync(() => Task.FromResult(KafkaProgress.CommittedToTheEnd(broker, topic, group, [0, 1])), Patience);
        }

        KafkaProgress.AssertExactlyOnce(ids, await StoredEvents.ReadAsync(database, TestContext.Current.CancellationToken));
        var letters = JsonlFileDeadLetterSink.ReadAll(deadLetterFile);
        Assert.Equal(poisonKeys.Order(), letters.Select(l => l.Key).Order());
        Assert.All(letters, l => Assert.Equal("dead-letter topic refused it: topic authorization failed", l.DestinationError));
        var counted = fallbacks.GetMeasurementSnapshot();
        Assert.Equal(poisonKeys.Count, counted.Sum(m => m.Value));
        Assert.All(counted, m => Assert.Equal("not_authorized", m.Tags["reason"]));
        output.WriteLine($"{ids.Count} events stored once, partitions 0 and 1 committed to the end; {letters.Count} letters in the file: {letters[0].DestinationError}");
    }
}
