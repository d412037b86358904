using Llama3Siem.Sinks.DeadLetters;
using Llama3Siem.Sinks.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Llama3Siem.Sinks.Tests.DeadLetters;

/// <summary>The dead-letter file's bounds (size, rotation, truncation) and its check for letters it already holds.</summary>
public sealed class JsonlFileDeadLetterSinkLimitsTests : IDisposable
{
    private const long FileBytes = 64 * 1024;
    private readonly TempDirectory _directory = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_full_file_is_renamed_dot_1_older_ones_move_up_and_the_oldest_beyond_the_limit_is_deleted_with_a_warning()
    {
        var path = _directory.File("dead-letters.jsonl");
        var logger = new FakeLogger();
        await using var sink = new JsonlFileDeadLetterSink(path, new DeadLetterFileLimits(FileBytes, MaxFiles: 3), logger);

        // About 20 KiB each: three fit in a file, so 12 letters fill four files and the first is deleted.
        for (var offset = 0; offset < 12; offset++)
        {
            await sink.WriteAsync(Letter(offset, 15_000), Cancel);
        }

        Assert.Equal([9, 10, 11], Offsets(path));
        Assert.Equal([6, 7, 8], Offsets(sink.RotatedPath(1)));
        Assert.Equal([3, 4, 5], Offsets(sink.RotatedPath(2)));
        Assert.False(File.Exists(sink.RotatedPath(3)));
        Assert.Equal(_directory.File("dead-letters.1.jsonl"), sink.RotatedPath(1));
        Assert.All(new[] { path, sink.RotatedPath(1), sink.RotatedPath(2) }, file => Assert.InRange(new FileInfo(file).Length, 1, FileBytes));
        var deleted = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains("dead-letters.2.jsonl (3 letters)", deleted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Letter_counts_of_files_from_an_earlier_run_are_known_when_the_oldest_is_deleted()
    {
        var path = _directory.File("dead-letters.jsonl");
        var limits = new DeadLetterFileLimits(FileBytes, MaxFiles: 2);
        await using (var first = new JsonlFileDeadLetterSink(path, limits))
        {
            for (var offset = 0; offset < 5; offset++)
            {
                await first.WriteAsync(Letter(offset, 15_000), Cancel);
            }
        }

        var logger = new FakeLogger();
        await using var second = new JsonlFileDeadLetterSink(path, limits, logger);
        for (var offset = 5; offset < 7; offset++)
        {
            await second.WriteAsync(Letter(offset, 15_000), Cancel);
        }

        Assert.Equal([6], Offsets(path));
        Assert.Equal([3, 4, 5], Offsets(second.RotatedPath(1)));
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("(3 letters)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_letter_larger_than_a_file_is_written_truncated_with_the_size_and_hash_of_the_whole()
    {
        var path = _directory.File("dead-letters.jsonl");
        await using var sink = new JsonlFileDeadLetterSink(path, new DeadLetterFileLimits(FileBytes, MaxFiles: 2));
        var letter = Letter(1, 200_000);

        await sink.WriteAsync(letter, Cancel);

        var written = Assert.Single(JsonlFileDeadLetterSink.ReadAll(path));
        Assert.True(written.OriginalTruncated);
        Assert.Equal(200_000, written.OriginalSize);
        Assert.Equal(DeadLetterJson.WithOriginalFacts(letter).OriginalSha256, written.OriginalSha256);
        Assert.InRange(new FileInfo(path).Length, FileBytes - 5, FileBytes);
    }

    [Fact]
    public async Task A_letter_whose_key_is_already_in_the_files_is_not_written_again_even_by_a_new_sink()
    {
        var path = _directory.File("dead-letters.jsonl");
        var limits = new DeadLetterFileLimits(FileBytes, MaxFiles: 3);
        await using (var first = new JsonlFileDeadLetterSink(path, limits))
        {
            for (var offset = 0; offset < 4; offset++)
            {
                await first.WriteAsync(Letter(offset, 15_000), Cancel);
            }

            await first.WriteAsync(Letter(1, 15_000), Cancel);
            Assert.Equal(4, first.Count);
        }

        // As after a crash: the records are redelivered, one of them now in the rotated file.
        await using var second = new JsonlFileDeadLetterSink(path, limits);
        await second.WriteAsync(Letter(0, 15_000), Cancel);
        await second.WriteAsync(Letter(3, 15_000), Cancel);
        await second.WriteAsync(Letter(4, 15_000), Cancel);

        Assert.Equal(1, second.Count);
        Assert.Equal([0, 1, 2, 3, 4], Offsets(second.RotatedPath(1)).Concat(Offsets(path)).Order());
    }

    [Fact]
    public async Task Letters_without_a_key_are_all_written()
    {
        var path = _directory.File("dead-letters.jsonl");
        await using var sink = new JsonlFileDeadLetterSink(path);
        var fromFile = Letter(0, 10) with { Source = "/var/log/in.jsonl", Partition = null, Offset = null, Line = 7 };

        await sink.WriteAsync(fromFile, Cancel);
        await sink.WriteAsync(fromFile, Cancel);

        Assert.Equal(2, JsonlFileDeadLetterSink.ReadAll(path).Count);
    }

    private static List<long> Offsets(string path) => [.. JsonlFileDeadLetterSink.ReadAll(path).Select(l => l.Offset!.Value)];

    private static DeadLetter Letter(long offset, int originalBytes) => DeadLetterJsonTests.Letter(DeadLetterJsonTests.RandomBytes(originalBytes)) with
    {
        Offset = offset,
    };
}
