using System.Runtime.CompilerServices;

namespace Llama3Siem.Worker.Ingestion;

/// <summary>
/// Reads a file (or standard input) of JSON lines as raw bytes, so that invalid UTF-8 is detected by the
/// parser rather than silently replaced. Lines end at LF; a trailing CR is removed; blank lines are skipped.
/// A line longer than <paramref name="maxRecordBytes"/> is not held whole in memory: its beginning is kept
/// (for the dead letter) and the rest is skipped.
/// </summary>
internal sealed class JsonLinesFileSource(string path, int maxRecordBytes = JsonLinesFileSource.DefaultMaxRecordBytes) : IEventSource
{
    public const int DefaultMaxRecordBytes = 16 * 1024 * 1024;
    private const int OversizedKeptBytes = 64 * 1024;

    /// <summary>A file has no offsets to store: re-running it is safe because stores are idempotent.</summary>
    public void Acknowledge(SourceRecord record)
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public async IAsyncEnumerable<SourceRecord?> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = path == "-"
            ? Console.OpenStandardInput()
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true);

        var buffer = new byte[1 << 16];
        var line = new MemoryStream();
        var oversized = false;
        long lineNumber = 1;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }

                Append(line, buffer.AsSpan(start, i - start), ref oversized);
                if (Complete(line, oversized, lineNumber) is { } record)
                {
                    yield return record;
                }

                line = new MemoryStream();
                oversized = false;
                lineNumber++;
                start = i + 1;
            }

            Append(line, buffer.AsSpan(start, read - start), ref oversized);
        }

        if (Complete(line, oversized, lineNumber) is { } last)
        {
            yield return last;
        }
    }

    private void Append(MemoryStream line, ReadOnlySpan<byte> bytes, ref bool oversized)
    {
        if (oversized)
        {
            return;
        }

        if (line.Length + bytes.Length > maxRecordBytes)
        {
            oversized = true;
            var room = (int)Math.Max(0, OversizedKeptBytes - line.Length);
            line.Write(bytes[..Math.Min(room, bytes.Length)]);
            return;
        }

        line.Write(bytes);
    }

    private SourceRecord? Complete(MemoryStream line, bool oversized, long lineNumber)
    {
        var bytes = line.GetBuffer().AsMemory(0, (int)line.Length);
        if (bytes.Length > 0 && bytes.Span[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        if (!oversized && IsBlank(bytes.Span))
        {
            return null;
        }

        return new SourceRecord(bytes, path, lineNumber, oversized);
    }

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }
}
