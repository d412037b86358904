using System.Globalization;

namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>
/// The largest message the dead-letter producer sends (its <c>message.max.bytes</c>). Unless set for it, it
/// follows what the consumer can receive, so that the letter of any record the worker could read fits whole:
/// the consumer's per-record bound (the larger of <c>max.partition.fetch.bytes</c>, default 1,048,576, and
/// <c>fetch.max.bytes</c> when either is configured), times 4/3 for base64, plus 64 KiB for the JSON envelope,
/// capped at librdkafka's maximum. The broker's own limit still applies: the sink truncates and retries.
/// </summary>
public sealed record DeadLetterProducerLimit(int Bytes, bool IsExplicit, long ConsumerRecordBytes)
{
    public const string Property = "message.max.bytes";
    public const long DefaultMaxPartitionFetchBytes = 1_048_576;
    public const int EnvelopeBytes = 64 * 1024;
    public const int LibrdkafkaMaximum = 1_000_000_000;

    /// <summary>What a record of <see cref="ConsumerRecordBytes"/> bytes needs as a whole letter.</summary>
    public long NeededBytes => Math.Min(LibrdkafkaMaximum, (ConsumerRecordBytes * 4 / 3) + 3 + EnvelopeBytes);

    /// <summary>True when an explicit limit is below <see cref="NeededBytes"/>: such records are truncated.</summary>
    public bool TruncatesReadableRecords => IsExplicit && Bytes < NeededBytes;

    /// <param name="consumerProperties">The shared pass-through (<c>Kafka:Properties</c>).</param>
    /// <param name="producerProperties">Producer-only overrides (<c>Kafka:DeadLetterProperties</c>), which win.</param>
    /// <exception cref="ArgumentException">A size property is not a whole number.</exception>
    public static DeadLetterProducerLimit From(IReadOnlyDictionary<string, string> consumerProperties, IReadOnlyDictionary<string, string> producerProperties)
    {
        ArgumentNullException.ThrowIfNull(consumerProperties);
        ArgumentNullException.ThrowIfNull(producerProperties);
        var perPartition = Number(consumerProperties, "max.partition.fetch.bytes") ?? DefaultMaxPartitionFetchBytes;
        var perFetch = Number(consumerProperties, "fetch.max.bytes") ?? 0;
        var record = Math.Max(perPartition, perFetch);
        var configured = Number(producerProperties, Property) ?? Number(consumerProperties, Property);
        var derived = new DeadLetterProducerLimit(0, false, record);
        return configured is { } bytes
            ? derived with { Bytes = (int)Math.Clamp(bytes, 1, LibrdkafkaMaximum), IsExplicit = true }
            : derived with { Bytes = (int)derived.NeededBytes };
    }

    private static long? Number(IReadOnlyDictionary<string, string> properties, string name)
    {
        if (!properties.TryGetValue(name, out var text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name} must be a whole number of bytes (got '{text}').", nameof(properties));
    }
}
