using System.Diagnostics;
using Confluent.Kafka;
using Llama3Siem.Sinks.DeadLetters;
using Llama3Siem.Worker.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>
/// A dead-letter cluster of its own (<c>Kafka:DeadLetterProperties:bootstrap.servers</c>) where nothing listens:
/// a transient failure, so the letter waits (its partition's offset with it) and nothing goes to the local file.
/// </summary>
public sealed class DeadLetterClusterUnreachableTests(KafkaBroker broker, ITestOutputHelper output) : IClassFixture<KafkaBroker>, IDisposable
{
    private const string NobodyListens = "127.0.0.1:1";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Only_the_poisoned_partition_waits_the_worker_names_the_record_and_stops_in_time_with_nothing_in_the_local_file()
    {
        var topic = KafkaBroker.NewTopicName("events");
        await broker.CreateTopicAsync(topic, partitions: 2);
        var (ids, poisonKeys) = await KafkaTestEvents.ProduceWithPoisonAsync(broker, topic, 300, "unreachable", (0, "not JSON at all"));
        var poisonOffset = long.Parse(poisonKeys[0].Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var database = _folder.File("incidents.db");
        var group = KafkaBroker.NewTopicName("group");
        var deadLetterFile = _folder.File("dead.jsonl");
        var settings = KafkaWorkerSettings.For(broker, topic, database, group, deadLetterFile, KafkaBroker.NewTopicName("dead"));
        settings.AddRange(
        [
            $"--Kafka:DeadLetterProperties:bootstrap.servers={NobodyListens}",
            "--Kafka:DeadLetterProperties:message.timeout.ms=3000",
            "--DeadLetters:MaxWait=00:00:02",
            $"--Kafka:ShutdownTimeout={ShutdownTimeout}",
        ]);

        await using var worker = await InProcessWorker.StartAsync(settings);
        await StoredEvents.WaitForAsync(database, ids, Patience, TestContext.Current.CancellationToken);
        await KafkaProgress.WaitUntilAsync(() => Task.FromResult(KafkaProgress.CommittedToTheEnd(broker, topic, group, [1])), Patience);
        var backlog = worker.Services.GetRequiredService<DeadLetterBacklog>();
        await KafkaProgress.WaitUntilAsync(() => Task.FromResult(backlog.Oldest() is { Waited.TotalSeconds: >= 2 }), Patience);
        Assert.Equal(poisonKeys[0], backlog.Oldest()!.Value.Origin);
        Assert.InRange(KafkaProgress.Position(KafkaProgress.Committed(broker, topic, group, 2)[0]), 0, poisonOffset);

        var stopping = Stopwatch.StartNew();
        await worker.StopAsync();
        var stopped = stopping.Elapsed;

        // The waiting letter is tried until the drain deadline (Kafka:ShutdownTimeout), then left unacknowledged;
        // a key read under way must not hold the stop for its own 30 s bound on top.
        Assert.InRange(stopped, TimeSpan.Zero, ShutdownTimeout + TimeSpan.FromSeconds(5));
        Assert.InRange(KafkaProgress.Position(KafkaProgress.Committed(broker, topic, group, 2)[0]), 0, poisonOffset);
        KafkaProgress.AssertExactlyOnce(ids, await StoredEvents.ReadAsync(database, TestContext.Current.CancellationToken));
        Assert.False(File.Exists(deadLetterFile) && JsonlFileDeadLetterSink.ReadAll(deadLetterFile).Count > 0, "a letter went to the local file");
        output.WriteLine($"{ids.Count} events stored once, partition 1 committed to the end, partition 0 held at or before {poisonOffset}; "
            + $"the worker stopped in {stopped.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_key_read_against_an_unreachable_cluster_is_bounded_then_fails_at_once_for_a_while_and_stops_when_cancelled()
    {
        var options = new KafkaDeadLetterSinkOptions
        {
            BootstrapServers = broker.BootstrapServers,
            Topic = KafkaBroker.NewTopicName("dead"),
            Properties = new Dictionary<string, string>(broker.ClientProperties) { ["log_level"] = "0" },
            ProducerProperties = new Dictionary<string, string> { ["bootstrap.servers"] = NobodyListens, ["message.timeout.ms"] = "3000" },
            KeyReadTimeout = TimeSpan.FromSeconds(3),
            KeyReadRetryAfter = TimeSpan.FromSeconds(30),
        };
        var (letter, _) = DeadLetterSinks.Letter("events", 1, 100);
        using var sink = new KafkaDeadLetterSink(options);
        Assert.Equal(NobodyListens, sink.BootstrapServers);

        var clock = Stopwatch.StartNew();
        var first = await Assert.ThrowsAnyAsync<KafkaException>(() => sink.WriteAsync(letter, TestContext.Current.CancellationToken));
        var bounded = clock.Elapsed;
        clock.Restart();
        var second = await Assert.ThrowsAnyAsync<KafkaException>(() => sink.WriteAsync(letter, TestContext.Current.CancellationToken));
        var again = clock.Elapsed;

        Assert.InRange(bounded, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(6));
        Assert.InRange(again, TimeSpan.Zero, TimeSpan.FromSeconds(0.5));
        Assert.Equal(first.Error.Code, second.Error.Code);

        using var fresh = new KafkaDeadLetterSink(options with { KeyReadTimeout = TimeSpan.FromSeconds(30) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        clock.Restart();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fresh.WriteAsync(letter, cancel.Token));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        output.WriteLine($"key read gave up after {bounded.TotalSeconds:F1} s with {first.Error.Code} ({first.Error.Reason}); the next write failed in {again.TotalMilliseconds:F0} ms; a cancelled one returned in {clock.Elapsed.TotalSeconds:F1} s");
    }
}
