namespace Llama3Siem.Worker.Ingestion;

/// <summary>One raw record from a source, before parsing.</summary>
/// <param name="Payload">The record's bytes as read (line ending removed). May be cut short when <paramref name="Oversized"/>.</param>
/// <param name="Source">The file path, <c>-</c> for standard input, or a topic.</param>
/// <param name="Line">1-based line number for file sources.</param>
/// <param name="Oversized">The record was longer than the source's limit; only its beginning is kept.</param>
/// <param name="Position">Topic, partition and offset for Kafka records.</param>
internal sealed record SourceRecord(ReadOnlyMemory<byte> Payload, string Source, long? Line, bool Oversized = false, SourcePosition? Position = null)
{
    /// <summary>Where the record came from, as stamped on its event: <c>path:line</c> or <c>topic/partition/offset</c>.</summary>
    public string Origin => Position is { } p ? $"{p.Topic}/{p.Partition}/{p.Offset}" : Line is { } line ? $"{Source}:{line}" : Source;

    /// <summary>
    /// The event id for a record without an id of its own: its Kafka position, so identical records stay distinct
    /// and a redelivery overwrites; null for files, whose events fall back to a content hash.
    /// </summary>
    public string? FallbackEventId => Position is { } p ? $"{p.Topic}-{p.Partition}-{p.Offset}" : null;
}
