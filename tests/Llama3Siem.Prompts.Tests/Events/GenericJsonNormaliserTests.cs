using Llama3Siem.Prompts.Events;
using static Llama3Siem.Prompts.Tests.Events.EventParsing;

namespace Llama3Siem.Prompts.Tests.Events;

public sealed class GenericJsonNormaliserTests
{
    [Fact]
    public void Common_names_are_read_case_insensitively()
    {
        var e = Parsed("""{"Time":"2026-03-02T08:00:00+01:00","Msg":"VPN login accepted","Hostname":"vpn-gw-1","UserName":"jdoe","src_ip":"198.51.100.23","Action":"accept"}""");

        Assert.Equal(EventFormats.Generic, e.Format);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.Zero), e.Timestamp);
        Assert.Equal(TimeSpan.Zero, e.Timestamp.Offset);
        Assert.Equal("VPN login accepted", e.Message);
        Assert.Equal("vpn-gw-1", e.Host);
        Assert.Equal("jdoe", e.User);
        Assert.Equal("198.51.100.23", e.SourceAddress);
        Assert.Equal("accept", e.Action);
    }

    [Theory]
    [InlineData("""{"ts": 1772438400}""")]
    [InlineData("""{"ts": 1772438400000}""")]
    [InlineData("""{"ts": "1772438400.000"}""")]
    [InlineData("""{"ts": 1772438400000000000}""")]
    public void Epoch_times_in_seconds_milliseconds_or_nanoseconds_are_read(string record)
    {
        var e = Parsed(record);

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), e.Timestamp);
        Assert.False(e.TimestampIsFallback);
    }

    [Fact]
    public void A_message_alone_is_usable_and_gets_the_read_time()
    {
        var e = Parsed("""{"log":"kernel: possible SYN flooding on port 443"}""");

        Assert.Equal("kernel: possible SYN flooding on port 443", e.Message);
        Assert.True(e.TimestampIsFallback);
        Assert.Equal(ReadTime, e.Timestamp);
    }

    [Fact]
    public void A_message_field_that_is_an_object_is_not_a_message()
    {
        Assert.Equal("unrecognised shape: no message, timestamp or known fields", Rejection("""{"log":{"level":"info"}}"""));
    }

    [Fact]
    public void Normalised_strings_are_trimmed_while_fields_stay_verbatim()
    {
        var e = Parsed("""{"message":"  padded text \t","host":" - "}""");

        Assert.Equal("padded text", e.Message);
        Assert.Null(e.Host);
        Assert.Equal("  padded text \t", e.Fields["message"]);
        Assert.Equal(" - ", e.Fields["host"]);
    }

    [Fact]
    public void The_origin_is_carried_through()
    {
        Assert.Equal("events.jsonl:12", Parsed("""{"message":"x"}""", "events.jsonl:12").Origin);
    }

    [Fact]
    public void A_readable_time_and_some_text_under_any_names_is_kept_as_generic()
    {
        var e = Parsed("""{"received":"2026-05-14T08:18:00Z","payload":"unparsed appliance record","count":3}""");

        Assert.Equal(EventFormats.Generic, e.Format);
        Assert.Equal(new DateTimeOffset(2026, 5, 14, 8, 18, 0, TimeSpan.Zero), e.Timestamp);
        Assert.False(e.TimestampIsFallback);
    }

    [Theory]
    [InlineData("""{"received":"2026-05-14T08:18:00Z","count":3}""")]
    [InlineData("""{"colour":"blue","count":3,"enabled":true}""")]
    [InlineData("""{"serial":1778746441,"colour":"blue"}""")]
    public void A_time_without_text_or_text_without_a_time_is_still_rejected(string record)
    {
        Assert.Equal("unrecognised shape: no message, timestamp or known fields", Rejection(record));
    }
}
