using System.Security.Cryptography;
using System.Text;
using Llama3Siem.Prompts.Events;
using static Llama3Siem.Prompts.Tests.Events.EventParsing;

namespace Llama3Siem.Prompts.Tests.Events;

public sealed class EventIdentityTests
{
    private const string Record = """{"EventID":4625,"Channel":"Security","Hostname":"SRV-DC01","TargetUserName":"administrator","IpAddress":"198.51.100.23"}""";

    [Fact]
    public void Without_a_source_id_the_id_is_the_first_32_hex_digits_of_the_records_sha256()
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Record)))[..32];

        Assert.Equal(expected, Parsed(Record).Id);
        Assert.Matches("^[0-9a-f]{32}$", Parsed(Record).Id);
    }

    [Fact]
    public void The_content_hash_ignores_surrounding_whitespace_cr_and_byte_order_mark()
    {
        var plain = Parsed(Record).Id;

        Assert.Equal(plain, Parsed(Record + "\r\n").Id);
        Assert.Equal(plain, Parsed("  \t" + Record + "\n").Id);
        Assert.Equal(plain, Parser().Parse([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Record)]).Event!.Id);
    }

    [Fact]
    public void The_content_hash_is_stable_across_parser_instances_and_differs_per_record()
    {
        var first = new EventParser().Parse(Encoding.UTF8.GetBytes(Record)).Event!.Id;
        var second = new EventParser().Parse(Encoding.UTF8.GetBytes(Record)).Event!.Id;
        var other = Parsed(Record.Replace("SRV-DC01", "SRV-DC02", StringComparison.Ordinal)).Id;

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void An_ecs_event_id_is_the_id()
    {
        Assert.Equal("a1b2c3", Parsed("""{"@timestamp":"2026-03-02T10:00:00Z","event":{"id":" a1b2c3 "},"message":"x"}""").Id);
    }

    [Fact]
    public void A_source_id_unfit_for_a_document_id_falls_back_to_the_content_hash()
    {
        var tooLong = $$"""{"@timestamp":"2026-03-02T10:00:00Z","event":{"id":"{{new string('i', 513)}}"},"message":"x"}""";
        var control = """{"@timestamp":"2026-03-02T10:00:00Z","event":{"id":"a\u0000b"},"message":"x"}""";

        Assert.Equal(EventParser.ContentId(Encoding.UTF8.GetBytes(tooLong)), Parsed(tooLong).Id);
        Assert.Equal(EventParser.ContentId(Encoding.UTF8.GetBytes(control)), Parsed(control).Id);
    }
}
