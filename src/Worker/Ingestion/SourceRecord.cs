namespace Llama3Siem.Worker.Ingestion;

/// <summary>One raw record from a source, before parsing.</summary>
/// <param name="Payload">The record's bytes as read (line ending removed). May be cut short when <paramref name="Oversized"/>.</param>
/// <param name="Source">The file path, <c>-</c> for standard input, or a topic.</param>
/// <param name="Line">1-based line number for file sources.</param>
/// <param name="Oversized">The record was longer than the source's limit; only its beginning is kept.</param>
internal sealed record SourceRecord(ReadOnlyMemory<byte> Payload, string Source, long? Line, bool Oversized = false)
{
    /// <summary>Where the record came from, as stamped on its event: <c>path:line</c>.</summary>
    public string Origin => Line is { } line ? $"{Source}:{line}" : Source;
}
