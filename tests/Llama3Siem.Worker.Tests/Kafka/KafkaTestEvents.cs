using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>ECS events with known ids, grouped by a shared source address twenty at a time.</summary>
internal static class KafkaTestEvents
{
    public static (List<string> Lines, List<string> Ids) Make(int count, string prefix)
    {
        var start = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
        var lines = new List<string>(count);
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var id = $"{prefix}-{i:D6}";
            ids.Add(id);
            lines.Add(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["@timestamp"] = start.AddMilliseconds(200.0 * i).ToString("O", CultureInfo.InvariantCulture),
                ["event"] = new Dictionary<string, object> { ["id"] = id, ["action"] = "logon-failed", ["code"] = "4625" },
                ["host"] = new Dictionary<string, object> { ["name"] = $"srv-{i % 53:D2}" },
                ["user"] = new Dictionary<string, object> { ["name"] = $"user{i % 41}" },
                ["source"] = new Dictionary<string, object> { ["ip"] = $"10.{i / 5000 % 250}.{i / 20 % 250}.7" },
                ["message"] = $"An account failed to log on from 10.{i / 5000 % 250}.{i / 20 % 250}.7 (attempt {i})",
            }));
        }

        return (lines, ids);
    }

    /// <summary>A key that spreads events over the partitions (without one, librdkafka sends runs to one partition).</summary>
    public static string SpreadKey(string line) =>
        ((uint)StringComparer.Ordinal.GetHashCode(line) % 997).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="count"/> events spread over the partitions, with <paramref name="poison"/> records (to the
    /// partitions given) after the first third of them: most events of each partition arrive after its poison.
    /// Returns the events' ids and the poison records' keys (<c>topic/partition/offset</c>).
    /// </summary>
    public static async Task<(List<string> Ids, List<string> PoisonKeys)> ProduceWithPoisonAsync(
        KafkaBroker broker, string topic, int count, string prefix, params (int Partition, string Value)[] poison)
    {
        var (lines, ids) = Make(count, prefix);
        broker.ProduceJsonLines(topic, lines.Take(count / 3), SpreadKey);
        var keys = new List<string>();
        using (var producer = new ProducerBuilder<Null, string>(broker.ProducerConfig()).Build())
        {
            foreach (var (partition, value) in poison)
            {
                var delivered = await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<Null, string> { Value = value }, TestContext.Current.CancellationToken);
                keys.Add(Llama3Siem.Sinks.DeadLetters.DeadLetter.KeyOf(topic, partition, delivered.Offset.Value));
            }
        }

        broker.ProduceJsonLines(topic, lines.Skip(count / 3), SpreadKey);
        return (ids, keys);
    }
}
