using System.Text.Json;
using System.Text.Json.Serialization;

namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>
/// Dead letters as a JSON-lines file: one <see cref="DeadLetter"/> object per line, appended, and on disk
/// (<see cref="FileStream.Flush(bool)"/> with <c>true</c>) before <see cref="WriteAsync"/> returns, so the
/// caller may then count the source record as done. Safe for concurrent writers within this process.
/// </summary>
public sealed class JsonlFileDeadLetterSink : IDeadLetterSink, IAsyncDisposable
{
    private const byte LineFeed = (byte)'\n';

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly SemaphoreSlim _gate = new(1, 1);
    private FileStream? _file;
    private long _count;
    private bool _disposed;

    public JsonlFileDeadLetterSink(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
    }

    /// <summary>The full path of the file.</summary>
    public string FilePath { get; }

    /// <summary>Letters this instance has written (not those already in the file when it opened).</summary>
    public long Count => Interlocked.Read(ref _count);

    public async Task WriteAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        var json = JsonSerializer.SerializeToUtf8Bytes(deadLetter, JsonOptions);

        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var file = _file ??= OpenForAppend(FilePath);

            // From here on the line is written whole or the file is reopened: no cancellation mid-line.
            try
            {
                file.Write(json);
                file.WriteByte(LineFeed);
                file.Flush(flushToDisk: true);
            }
            catch
            {
                // A failed write (disk full) may leave part of a line; reopening ends it with a line feed
                // so that the next letter starts on a line of its own.
                _file = null;
                await file.DisposeAsync();
                throw;
            }

            Interlocked.Increment(ref _count);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads every letter in a dead-letter file, for tools and tests. Blank lines are skipped.</summary>
    /// <exception cref="InvalidDataException">A line is not a dead letter; the message gives its number.</exception>
    public static IReadOnlyList<DeadLetter> ReadAll(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var letters = new List<DeadLetter>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                letters.Add(JsonSerializer.Deserialize<DeadLetter>(line, JsonOptions)
                    ?? throw new JsonException("A dead letter was null."));
            }
            catch (JsonException exception)
            {
                throw new InvalidDataException($"Line {lineNumber} of the dead-letter file is not a dead letter.", exception);
            }
        }

        return letters;
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            if (_file is not null)
            {
                await _file.DisposeAsync();
                _file = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static FileStream OpenForAppend(string path)
    {
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            if (file.Length > 0)
            {
                file.Seek(-1, SeekOrigin.End);
                if (file.ReadByte() != LineFeed)
                {
                    // The last line was cut short (a crash mid-write): end it rather than glue onto it.
                    file.Seek(0, SeekOrigin.End);
                    file.WriteByte(LineFeed);
                }
            }

            file.Seek(0, SeekOrigin.End);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
