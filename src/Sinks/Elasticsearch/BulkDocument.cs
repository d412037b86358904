namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>One incident ready for a bulk request: its action line and source line, NDJSON-terminated.</summary>
internal sealed class BulkDocument
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    public BulkDocument(string index, string id, byte[] source)
    {
        Id = id;
        using var buffer = new MemoryStream(source.Length + 96);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("index");
            writer.WriteString("_index", index);
            writer.WriteString("_id", id);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        buffer.Write(Newline);
        buffer.Write(source);
        buffer.Write(Newline);
        Lines = buffer.ToArray();
    }

    public string Id { get; }

    /// <summary><c>{"index":{"_index":…,"_id":…}}\n{source}\n</c></summary>
    public byte[] Lines { get; }

    /// <summary>
    /// Consecutive groups of at most <paramref name="maxDocuments"/> documents and <paramref name="maxBytes"/>
    /// bytes; a document larger than the byte limit travels alone rather than never.
    /// </summary>
    public static IEnumerable<IReadOnlyList<BulkDocument>> Batches(IReadOnlyList<BulkDocument> documents, int maxDocuments, int maxBytes)
    {
        var batch = new List<BulkDocument>();
        long bytes = 0;
        foreach (var document in documents)
        {
            if (batch.Count > 0 && (batch.Count >= maxDocuments || bytes + document.Lines.Length > maxBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }

            batch.Add(document);
            bytes += document.Lines.Length;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    public static byte[] Body(IReadOnlyList<BulkDocument> documents)
    {
        var body = new byte[documents.Sum(d => d.Lines.Length)];
        var offset = 0;
        foreach (var document in documents)
        {
            document.Lines.CopyTo(body, offset);
            offset += document.Lines.Length;
        }

        return body;
    }
}
