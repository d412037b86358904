using System.Text.Json.Serialization;

namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>
/// A record the pipeline could not use, kept whole with the reason, so that nothing is lost silently.
/// The original bytes travel base64-encoded: they may not be valid UTF-8 or JSON.
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
    [JsonPropertyName("dead_lettered_at")] public required DateTimeOffset DeadLetteredAt { get; init; }
}
