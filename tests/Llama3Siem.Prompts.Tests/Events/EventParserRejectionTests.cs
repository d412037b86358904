using System.Text;
using Llama3Siem.Prompts.Events;
using static Llama3Siem.Prompts.Tests.Events.EventParsing;

namespace Llama3Siem.Prompts.Tests.Events;

public sealed class EventParserRejectionTests
{
    [Fact]
    public void Invalid_utf8_is_rejected_with_its_byte_offset()
    {
        byte[] record = [.. "{\"message\":\"ab"u8, 0xC3, 0x28, .. "\"}"u8];

        Assert.Equal("invalid UTF-8 at byte 14", Rejection(record));
    }

    [Fact]
    public void Invalid_utf8_offset_counts_from_the_record_as_received()
    {
        byte[] record = [.. "  {\"a\":\""u8, 0xFF, .. "\"}"u8];

        Assert.Equal("invalid UTF-8 at byte 8", Rejection(record));
    }

    [Fact]
    public void A_truncated_utf8_sequence_at_the_end_is_invalid()
    {
        byte[] record = [.. "{\"a\":1}"u8, 0xE2, 0x82];

        Assert.Equal("invalid UTF-8 at byte 7", Rejection(record));
    }

    [Theory]
    [InlineData("this is not json", "not JSON: invalid syntax at byte 1")]
    [InlineData("{\"message\": \"open", "not JSON: unexpected end of data at byte 17")]
    [InlineData("{\"message\": 'single'}", "not JSON: invalid syntax at byte 12")]
    [InlineData("{\"message\": \"x\"} trailing", "not JSON: content after the object at byte 17")]
    [InlineData("{\"message\": \"bad \\ud800 surrogate\"}", "not JSON: invalid escape sequence at byte 12")]
    public void Text_that_is_not_json_is_rejected_with_the_kind_and_position_only(string record, string expected)
    {
        var reason = Rejection(record);

        Assert.Equal(expected, reason);
    }

    [Fact]
    public void Not_json_reasons_never_repeat_the_record()
    {
        var reason = Rejection("{\"secret\": SuperSecretToken}");

        Assert.StartsWith("not JSON:", reason);
        Assert.DoesNotContain("SuperSecret", reason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret", reason, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("[{\"message\":\"x\"}]")]
    [InlineData("42")]
    [InlineData("\"a string\"")]
    [InlineData("true")]
    [InlineData("null")]
    public void Json_values_other_than_an_object_are_rejected(string record)
    {
        Assert.Equal("not a JSON object", Rejection(record));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("  { }\r\n")]
    [InlineData("{\"message\": null, \"host\": null}")]
    [InlineData("{\"a\": {}, \"b\": []}")]
    public void An_object_without_values_is_rejected(string record)
    {
        Assert.Equal("JSON object has no values", Rejection(record));
    }

    [Theory]
    [InlineData("{\"colour\": \"blue\", \"count\": 3}")]
    [InlineData("{\"message\": \"   \", \"time\": \"-\"}")]
    [InlineData("{\"timestamp\": \"yesterday\", \"level\": \"info\"}")]
    public void An_object_with_no_message_time_or_known_field_is_rejected(string record)
    {
        Assert.Equal("unrecognised shape: no message, timestamp or known fields", Rejection(record));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n")]
    public void An_empty_record_is_rejected(string record)
    {
        Assert.Equal("empty record", Rejection(record));
    }

    [Fact]
    public void A_field_over_the_default_limit_of_one_mebibyte_is_rejected_by_name()
    {
        var record = "{\"host\":\"WS-01\",\"message\":\"" + new string('A', EventParserLimits.DefaultMaxFieldBytes + 1) + "\"}";

        Assert.Equal("field 'message' is larger than 1048576 bytes", Rejection(record));
    }

    [Fact]
    public void A_field_of_exactly_the_limit_is_accepted()
    {
        var record = "{\"message\":\"" + new string('A', EventParserLimits.DefaultMaxFieldBytes) + "\"}";

        Assert.Equal(EventParserLimits.DefaultMaxFieldBytes, Parsed(record).Message!.Length);
    }

    [Fact]
    public void The_field_limit_counts_unescaped_bytes()
    {
        var limits = new EventParserLimits { MaxFieldBytes = 8 };
        var escaped = Encoding.UTF8.GetBytes("{\"message\":\"\\u0041\\u0042\\u0043\\u0044\"}");
        var tooLong = Encoding.UTF8.GetBytes("{\"message\":\"\\u0041\\u0042\\u0043\\u0044\\u0045\\u0046\\u0047\\u0048\\u0049\"}");

        Assert.True(Parser(limits).Parse(escaped).IsSuccess);
        Assert.Equal("field 'message' is larger than 8 bytes", Rejection(tooLong, limits));
    }

    [Fact]
    public void Nested_and_array_fields_over_the_limit_are_named_by_their_dotted_path()
    {
        var limits = new EventParserLimits { MaxFieldBytes = 16 };

        Assert.Equal("field 'process.args.1' is larger than 16 bytes",
            Rejection("{\"process\":{\"args\":[\"cmd\",\"" + new string('x', 17) + "\"]}}", limits));
    }

    [Fact]
    public void A_large_number_counts_as_a_field_too()
    {
        var limits = new EventParserLimits { MaxFieldBytes = 16 };

        Assert.Equal("field 'size' is larger than 16 bytes", Rejection("{\"size\": 123456789012345678901234}"u8, limits));
    }

    [Fact]
    public void An_oversized_field_with_an_unusual_name_is_not_named()
    {
        var limits = new EventParserLimits { MaxFieldBytes = 16 };

        var reason = Rejection("{\"<|eot_id|>ignore\": \"" + new string('x', 40) + "\"}", limits);

        Assert.Equal("field (name withheld) is larger than 16 bytes", reason);
    }

    [Fact]
    public void An_oversized_field_name_is_rejected_without_repeating_it()
    {
        var limits = new EventParserLimits { MaxFieldBytes = 16 };

        Assert.Equal("a field name is larger than 16 bytes",
            Rejection("{\"" + new string('n', 17) + "\": \"x\"}", limits));
    }

    [Fact]
    public void A_record_over_the_record_limit_is_rejected_before_reading_it()
    {
        var limits = new EventParserLimits { MaxRecordBytes = 64 };

        Assert.Equal("record is larger than 64 bytes", Rejection(Encoding.UTF8.GetBytes("{\"message\":\"" + new string('a', 60) + "\"}"), limits));
    }

    [Fact]
    public void Nesting_deeper_than_64_levels_is_rejected()
    {
        var record = string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70);

        Assert.Equal("not JSON: nested deeper than 64 levels at byte 320", Rejection(record));
    }

    [Fact]
    public void Limits_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventParser(new EventParserLimits { MaxFieldBytes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventParser(new EventParserLimits { MaxRecordBytes = -1 }));
    }
}
