using System.Security.Cryptography;
using System.Text.Json;
using Llama3Siem.Sinks.DeadLetters;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>Dead-letter sinks pointed at a test broker, and letters of a given size to give them.</summary>
internal static class DeadLetterSinks
{
    /// <summary>A consumer that fetches records of up to 4 MiB, as the worker is configured for large events.</summary>
    public static KafkaDeadLetterSinkOptions Options(KafkaBroker broker, string topic, IReadOnlyDictionary<string, string>? producerProperties = null) => new()
    {
        BootstrapServers = broker.BootstrapServers,
        Topic = topic,
        Properties = new Dictionary<string, string>(broker.ClientProperties)
        {
            ["log_level"] = "3",
            ["max.partition.fetch.bytes"] = "4194304",
        },
        ProducerProperties = producerProperties ?? new Dictionary<string, string>(),
    };

    /// <summary>A letter for the record at <paramref name="offset"/> whose original is <paramref name="size"/> random bytes.</summary>
    public static (DeadLetter Letter, byte[] Original) Letter(string source, long offset, int size)
    {
        var original = new byte[size];
        new Random(size + (int)offset).NextBytes(original);
        return (new DeadLetter
        {
            Reason = "not JSON",
            Source = source,
            Partition = 0,
            Offset = offset,
            OriginalBase64 = Convert.ToBase64String(original),
            DeadLetteredAt = DateTimeOffset.UnixEpoch,
        }, original);
    }

    public static string Sha256(byte[] original) => Convert.ToHexStringLower(SHA256.HashData(original));

    public static JsonElement Json(TopicRecord record) => JsonDocument.Parse(record.Value).RootElement;
}
