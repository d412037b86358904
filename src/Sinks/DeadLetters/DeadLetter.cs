using System.Text.Json.Serialization;

namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>
/// A record the pipeline could not use, kept with the reason, so that nothing is lost silently.
/// The original bytes travel base64-encoded: they may not be valid UTF-8 or JSON. When a destination cannot take
/// the whole original, the letter carries its first bytes only (<see cref="OriginalTruncated"/>), and
/// <see cref="OriginalSize"/> and <see cref="OriginalSha256"/> still describe the whole record.
/// </summary>
public sealed record DeadLetter
{
    [JsonPropertyName("reason")] public required string Reason { get; init; }

    /// <summary>Where the record came from: a file path, or a Kafka topic.</summary>
    [JsonPropertyName("source")] public required string Source { get; init; }

    /// <summary>1-based line number for file sources.</summary>
    [JsonPropertyName("line")] public long? Line { get; init; }

    [JsonPropertyName("partition")] public int? Partition { get; init; }
    [JsonPropertyName("offset")] public long? Offset { get; init; }

    /// <summary>The original record's timestamp, when the source has one (Kafka 0.10+).</summary>
    [JsonPropertyName("timestamp")] public DateTimeOffset? Timestamp { get; init; }
    [JsonPropertyName("original_base64")] public required string OriginalBase64 { get; init; }

    /// <summary>Bytes in the whole original record. Filled in by the sinks when the writer left it out.</summary>
    [JsonPropertyName("original_size")] public long? OriginalSize { get; init; }

    /// <summary>SHA-256 of the whole original record, lower-case hex. Filled in by the sinks when the writer left it out.</summary>
    [JsonPropertyName("original_sha256")] public string? OriginalSha256 { get; init; }

    /// <summary>True when <see cref="OriginalBase64"/> holds only the first bytes of the original; omitted when false.</summary>
    [JsonPropertyName("original_truncated")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool OriginalTruncated { get; init; }

    [JsonPropertyName("dead_lettered_at")] public required DateTimeOffset DeadLetteredAt { get; init; }

    /// <summary>
    /// Why the letter is not where it was meant to go (e.g. the dead-letter topic refused it and it went to the
    /// local file instead). Absent when it reached its destination.
    /// </summary>
    [JsonPropertyName("destination_error")] public string? DestinationError { get; init; }

    /// <summary>
    /// <c>topic/partition/offset</c> for records from Kafka, which name one record for good: the message key on
    /// the dead-letter topic, and what the sinks check so that a record redelivered after a crash is dead-lettered
    /// once. Null for other sources (a file may be read again on purpose).
    /// </summary>
    [JsonIgnore]
    public string? Key => Partition is { } partition && Offset is { } offset ? KeyOf(Source, partition, offset) : null;

    /// <summary>The key of the record at <paramref name="offset"/> of <paramref name="partition"/> of <paramref name="topic"/>.</summary>
    public static string KeyOf(string topic, int partition, long offset) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{topic}/{partition}/{offset}");
}
