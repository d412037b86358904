using System.Text;
using Llama3Siem.Worker.Ingestion;

namespace Llama3Siem.Worker.Tests.Ingestion;

public sealed class JsonLinesFileSourceTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"l3s-src-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_path);

    private async Task<List<SourceRecord>> ReadAsync(byte[] content, int maxRecordBytes = JsonLinesFileSource.DefaultMaxRecordBytes)
    {
        await File.WriteAllBytesAsync(_path, content, TestContext.Current.CancellationToken);
        var records = new List<SourceRecord>();
        await foreach (var record in new JsonLinesFileSource(_path, maxRecordBytes).ReadAsync(TestContext.Current.CancellationToken))
        {
            records.Add(record!);
        }

        return records;
    }

    [Fact]
    public async Task Lines_keep_their_numbers_and_bytes_with_crlf_removed_and_blank_lines_skipped()
    {
        var records = await ReadAsync(Encoding.UTF8.GetBytes("{\"a\":1}\r\n\n   \r\n{\"b\":2}\n{\"c\":3}"));

        Assert.Equal([1L, 4L, 5L], records.Select(r => r.Line!.Value));
        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"], records.Select(r => Encoding.UTF8.GetString(r.Payload.Span)));
        Assert.Equal($"{_path}:4", records[1].Origin);
    }

    [Fact]
    public async Task Invalid_utf8_bytes_are_passed_through_untouched_for_the_parser_to_reject()
    {
        var records = await ReadAsync([(byte)'{', 0xC3, 0x28, (byte)'}', (byte)'\n']);

        Assert.Equal(new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' }, Assert.Single(records).Payload.ToArray());
    }

    [Fact]
    public async Task A_line_over_the_limit_is_marked_oversized_without_being_held_whole()
    {
        var big = new byte[300_000];
        Array.Fill(big, (byte)'x');
        var content = Encoding.UTF8.GetBytes("{\"a\":1}\n").Concat(big).Concat(Encoding.UTF8.GetBytes("\n{\"b\":2}\n")).ToArray();

        var records = await ReadAsync(content, maxRecordBytes: 100_000);

        Assert.Equal([false, true, false], records.Select(r => r.Oversized));
        Assert.Equal(2, records[1].Line);
        Assert.True(records[1].Payload.Length <= 64 * 1024);
        Assert.Equal("{\"b\":2}", Encoding.UTF8.GetString(records[2].Payload.Span));
    }

    [Fact]
    public async Task Lines_spanning_read_buffers_arrive_whole()
    {
        var longValue = new string('y', 200_000);
        var records = await ReadAsync(Encoding.UTF8.GetBytes($"{{\"v\":\"{longValue}\"}}\n{{\"w\":1}}\n"));

        Assert.Equal(2, records.Count);
        Assert.Equal(200_008, records[0].Payload.Length);
    }
}
