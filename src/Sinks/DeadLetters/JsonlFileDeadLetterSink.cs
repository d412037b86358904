using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>
/// Dead letters as a JSON-lines file: one <see cref="DeadLetter"/> object per line, appended, and on disk
/// (<see cref="FileStream.Flush(bool)"/> with <c>true</c>) before <see cref="WriteAsync"/> returns, so the
/// caller may then count the source record as done. Safe for concurrent writers within this process.
/// The file is bounded and rotated (<see cref="DeadLetterFileLimits"/>), and a letter with a
/// <see cref="DeadLetter.Key"/> that any of the files already holds is not written again.
/// </summary>
public sealed partial class JsonlFileDeadLetterSink : IDeadLetterSink, IAsyncDisposable
{
    private const byte LineFeed = (byte)'\n';

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DeadLetterFileLimits _limits;
    private readonly ILogger _logger;
    private readonly DeadLetterMetrics? _metrics;
    private readonly RememberedKeys _keys;

    // Letters in each file, current first (index 0), then name.1.jsonl, ...: known from the files read at open.
    private readonly long[] _lettersPerFile;
    private FileStream? _file;
    private bool _indexed;
    private long _count;
    private bool _disposed;

    public JsonlFileDeadLetterSink(string path, DeadLetterFileLimits? limits = null, ILogger? logger = null,
        DeadLetterMetrics? metrics = null, int maxRememberedKeys = RememberedKeys.DefaultCapacity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _limits = limits ?? DeadLetterFileLimits.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(_limits.MaxFileBytes, DeadLetterFileLimits.MinimumFileBytes, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThan(_limits.MaxFiles, 1, nameof(limits));
        FilePath = Path.GetFullPath(path);
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
        _keys = new RememberedKeys(maxRememberedKeys);
        _lettersPerFile = new long[_limits.MaxFiles];
    }

    /// <summary>The full path of the current file.</summary>
    public string FilePath { get; }

    /// <summary>Letters this instance has written (not those already in the file when it opened, nor duplicates).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>The path of the <paramref name="generation"/>-th older file: <c>dead-letters.1.jsonl</c> for 1.</summary>
    public string RotatedPath(int generation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(generation, 1);
        var folder = Path.GetDirectoryName(FilePath)!;
        return Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(FilePath)}.{generation}{Path.GetExtension(FilePath)}");
    }

    public async Task WriteAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);

        // One byte of each file's budget is the line feed.
        var fitted = DeadLetterJson.Fit(deadLetter, _limits.MaxFileBytes - 1);
        var key = fitted.Letter.Key;

        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            IndexOnce();
            if (key is not null && _keys.Contains(key))
            {
                _metrics?.Duplicate(DeadLetterMetrics.DestinationFile);
                return;
            }

            var file = _file ??= OpenForAppend(FilePath);
            if (file.Length > 0 && file.Length + fitted.Json.Length + 1 > _limits.MaxFileBytes)
            {
                file = Rotate(file);
            }

            // From here on the line is written whole or the file is reopened: no cancellation mid-line.
            try
            {
                file.Write(fitted.Json);
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

            if (key is not null)
            {
                _keys.Add(key);
            }

            _lettersPerFile[0]++;
            Interlocked.Increment(ref _count);
            _metrics?.Written(DeadLetterMetrics.DestinationFile, fitted.Letter.OriginalTruncated);
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
        var letters = new List<DeadLetter>();
        foreach (var (lineNumber, line) in Lines(path))
        {
            try
            {
                letters.Add(JsonSerializer.Deserialize<DeadLetter>(line, DeadLetterJson.Options)
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

    private static IEnumerable<(int Number, string Text)> Lines(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return (lineNumber, line);
            }
        }
    }

    /// <summary>
    /// Learns the keys and letter counts of the files already there, once, before the first write (a restart
    /// after a crash must not write again what an earlier run wrote). Bounded: the files are.
    /// </summary>
    private void IndexOnce()
    {
        if (_indexed)
        {
            return;
        }

        for (var generation = _limits.MaxFiles - 1; generation >= 0; generation--)
        {
            var path = generation == 0 ? FilePath : RotatedPath(generation);
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var (_, line) in Lines(path))
            {
                _lettersPerFile[generation]++;
                if (ReadKey(line) is { } key)
                {
                    _keys.Add(key);
                }
            }
        }

        _indexed = true;
        var letters = _lettersPerFile.Sum();
        LogIndexed(_logger, FilePath, letters, _keys.Count);
    }

    private static string? ReadKey(string line)
    {
        try
        {
            // Only the fields of the key: the original, the largest part, is skipped, not decoded.
            var fields = JsonSerializer.Deserialize<KeyFields>(line, DeadLetterJson.Options);
            return fields is { Source: { } source, Partition: { } partition, Offset: { } offset }
                ? DeadLetter.KeyOf(source, partition, offset)
                : null;
        }
        catch (JsonException)
        {
            // A line cut short by a crash: it holds no letter to protect.
            return null;
        }
    }

    /// <summary>Current becomes name.1, name.1 becomes name.2, ...; the oldest beyond the limit is deleted.</summary>
    private FileStream Rotate(FileStream current)
    {
        current.Dispose();
        _file = null;
        var oldest = _limits.MaxFiles - 1;
        var oldestPath = oldest == 0 ? FilePath : RotatedPath(oldest);
        if (File.Exists(oldestPath))
        {
            File.Delete(oldestPath);
            LogOldestDeleted(_logger, oldestPath, _lettersPerFile[oldest], _limits.MaxFiles, _limits.MaxFileBytes);
        }

        for (var generation = oldest - 1; generation >= 0; generation--)
        {
            var from = generation == 0 ? FilePath : RotatedPath(generation);
            if (File.Exists(from))
            {
                File.Move(from, RotatedPath(generation + 1), overwrite: true);
            }

            _lettersPerFile[generation + 1] = _lettersPerFile[generation];
        }

        _lettersPerFile[0] = 0;
        return _file = OpenForAppend(FilePath);
    }

    private static FileStream OpenForAppend(string path)
    {
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
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

    private sealed record KeyFields(
        [property: JsonPropertyName("source")] string? Source,
        [property: JsonPropertyName("partition")] int? Partition,
        [property: JsonPropertyName("offset")] long? Offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead-letter file {Path}: {Letters} letters already in its files, {Keys} keys remembered so that none is written twice")]
    private static partial void LogIndexed(ILogger logger, string path, long letters, int keys);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleted the oldest dead-letter file {Path} ({Letters} letters) to keep at most {MaxFiles} files of {MaxFileBytes} bytes (DeadLetters:MaxFiles, DeadLetters:MaxFileBytes)")]
    private static partial void LogOldestDeleted(ILogger logger, string path, long letters, int maxFiles, long maxFileBytes);
}
