using System.Text;
using System.Text.Json;
using Llama3Siem.Sinks.DeadLetters;
using Llama3Siem.Sinks.Tests.Support;

namespace Llama3Siem.Sinks.Tests.DeadLetters;

public sealed class JsonlFileDeadLetterSinkTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 5, 2, 13, 45, 7, 123, TimeSpan.FromHours(2));

    private readonly TempDirectory _directory = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Written_letters_read_back_equal_and_in_order()
    {
        var path = _directory.File("letters.jsonl");
        var fromKafka = Letter("not JSON", "events-topic", partition: 3, offset: 1_234_567_890_123);
        var fromFile = Letter("unknown event shape", "/var/log/events.jsonl", line: 42);
        await using var sink = new JsonlFileDeadLetterSink(path);

        await sink.WriteAsync(fromKafka, Cancel);
        await sink.WriteAsync(fromFile, Cancel);

        Assert.Equal([DeadLetterJson.WithOriginalFacts(fromKafka), DeadLetterJson.WithOriginalFacts(fromFile)], JsonlFileDeadLetterSink.ReadAll(path));
        Assert.Equal(2, sink.Count);
    }

    [Fact]
    public async Task Each_letter_is_one_line_with_the_contract_names()
    {
        var path = _directory.File("names.jsonl");
        await using var sink = new JsonlFileDeadLetterSink(path);

        await sink.WriteAsync(Letter("bad", "topic", partition: 0, offset: 7), Cancel);

        var lines = await File.ReadAllLinesAsync(path, Cancel);
        var line = Assert.Single(lines);
        using var json = JsonDocument.Parse(line);
        var names = json.RootElement.EnumerateObject().Select(property => property.Name).Order();
        Assert.Equal(["dead_lettered_at", "offset", "original_base64", "original_sha256", "original_size", "partition", "reason", "source"], names);
        Assert.Equal(7, json.RootElement.GetProperty("offset").GetInt64());
        Assert.EndsWith("\n", await File.ReadAllTextAsync(path, Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reasons_with_line_breaks_stay_on_one_line()
    {
        var path = _directory.File("multiline.jsonl");
        var letter = Letter("first line\nsecond line\r\n\u2028third", "topic");
        await using var sink = new JsonlFileDeadLetterSink(path);

        await sink.WriteAsync(letter, Cancel);

        Assert.Single(await File.ReadAllLinesAsync(path, Cancel));
        Assert.Equal([DeadLetterJson.WithOriginalFacts(letter)], JsonlFileDeadLetterSink.ReadAll(path));
    }

    [Fact]
    public async Task Concurrent_writers_each_get_one_valid_line()
    {
        const int Writers = 8;
        const int LettersPerWriter = 50;
        var path = _directory.File("concurrent.jsonl");
        await using var sink = new JsonlFileDeadLetterSink(path);

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var index = 0; index < LettersPerWriter; index++)
            {
                // Long payloads make interleaved writes likely to show up as broken lines.
                var original = new string((char)('a' + writer), 4096 + index);
                await sink.WriteAsync(Letter($"writer {writer} letter {index}", "topic", original: original), Cancel);
            }
        }, Cancel)));

        var lines = await File.ReadAllLinesAsync(path, Cancel);
        Assert.Equal(Writers * LettersPerWriter, lines.Length);
        Assert.Equal(Writers * LettersPerWriter, sink.Count);
        var reasons = lines.Select(line => JsonSerializer.Deserialize<DeadLetter>(line)!.Reason).ToHashSet();
        var expected = Enumerable.Range(0, Writers)
            .SelectMany(writer => Enumerable.Range(0, LettersPerWriter).Select(index => $"writer {writer} letter {index}"));
        Assert.True(reasons.SetEquals(expected));
    }

    [Fact]
    public async Task Missing_folders_are_created()
    {
        var path = _directory.File("a", "b", "letters.jsonl");
        await using var sink = new JsonlFileDeadLetterSink(path);

        await sink.WriteAsync(Letter("bad", "topic"), Cancel);

        Assert.Single(JsonlFileDeadLetterSink.ReadAll(path));
        Assert.Equal(path, sink.FilePath);
    }

    [Fact]
    public async Task New_sink_appends_to_an_existing_file_and_counts_only_its_own_letters()
    {
        var path = _directory.File("append.jsonl");
        await using (var first = new JsonlFileDeadLetterSink(path))
        {
            await first.WriteAsync(Letter("one", "topic"), Cancel);
            await first.WriteAsync(Letter("two", "topic"), Cancel);
        }

        await using var second = new JsonlFileDeadLetterSink(path);
        await second.WriteAsync(Letter("three", "topic"), Cancel);

        Assert.Equal(["one", "two", "three"], JsonlFileDeadLetterSink.ReadAll(path).Select(letter => letter.Reason));
        Assert.Equal(1, second.Count);
    }

    [Fact]
    public async Task Line_cut_short_by_a_crash_is_ended_before_the_next_letter()
    {
        var path = _directory.File("torn.jsonl");
        await File.WriteAllTextAsync(path, "{\"reason\":\"cut sh", Encoding.UTF8, Cancel);
        var letter = Letter("after the crash", "topic");
        await using var sink = new JsonlFileDeadLetterSink(path);

        await sink.WriteAsync(letter, Cancel);

        var lines = await File.ReadAllLinesAsync(path, Cancel);
        Assert.Equal(2, lines.Length);
        Assert.Equal(DeadLetterJson.WithOriginalFacts(letter), JsonSerializer.Deserialize<DeadLetter>(lines[1]));
        var error = Assert.Throws<InvalidDataException>(() => JsonlFileDeadLetterSink.ReadAll(path));
        Assert.Contains("Line 1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("cut sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposed_sink_refuses_writes()
    {
        var sink = new JsonlFileDeadLetterSink(_directory.File("closed.jsonl"));
        await sink.WriteAsync(Letter("before", "topic"), Cancel);
        await sink.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => sink.WriteAsync(Letter("after", "topic"), Cancel));
        Assert.Equal(1, sink.Count);
    }

    [Fact]
    public async Task Null_letter_is_rejected()
    {
        await using var sink = new JsonlFileDeadLetterSink(_directory.File("null.jsonl"));

        await Assert.ThrowsAsync<ArgumentNullException>(() => sink.WriteAsync(null!, Cancel));
        Assert.Equal(0, sink.Count);
    }

    private static DeadLetter Letter(
        string reason, string source, long? line = null, int? partition = null, long? offset = null, string original = "{\"raw\":")
        => new()
        {
            Reason = reason,
            Source = source,
            Line = line,
            Partition = partition,
            Offset = offset,
            OriginalBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(original)),
            DeadLetteredAt = At,
        };
}
