using Confluent.Kafka;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>What a consumer group has committed on a real broker, and waiting for a condition: shared by the Kafka tests.</summary>
internal static class KafkaProgress
{
    public static List<TopicPartitionOffset> Committed(KafkaBroker broker, string topic, string group, int partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(broker.ConsumerConfig(group)).Build();
        return consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(30));
    }

    /// <summary>Whether the group's committed offset is the end of each of <paramref name="partitionIds"/>.</summary>
    public static bool CommittedToTheEnd(KafkaBroker broker, string topic, string group, IEnumerable<int> partitionIds)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(broker.ConsumerConfig(group)).Build();
        return consumer.Committed(partitionIds.Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(30))
            .All(c => consumer.QueryWatermarkOffsets(c.TopicPartition, TimeSpan.FromSeconds(30)).High.Value == Position(c));
    }

    /// <summary>A committed offset as a number: nothing committed yet counts as 0.</summary>
    public static long Position(TopicPartitionOffset committed) => committed.Offset == Offset.Unset ? 0 : committed.Offset.Value;

    public static void AssertExactlyOnce(IReadOnlyCollection<string> produced, Dictionary<string, List<string>> stored)
    {
        var missing = produced.Where(id => !stored.ContainsKey(id)).ToList();
        var duplicated = stored.Where(e => e.Value.Count > 1).Select(e => e.Key).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} events lost, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.True(duplicated.Count == 0, $"{duplicated.Count} events in more than one incident, e.g. {string.Join(", ", duplicated.Take(5))}");
        Assert.Equal(produced.Count, stored.Count);
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
