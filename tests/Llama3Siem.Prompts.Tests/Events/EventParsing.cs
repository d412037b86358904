using System.Text;
using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Tests.Events;

/// <summary>Shared steps of the event tests: parse a JSON text that must succeed, or must be rejected.</summary>
internal static class EventParsing
{
    public static readonly DateTimeOffset ReadTime = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    public static EventParser Parser(EventParserLimits? limits = null, DateTimeOffset? now = null) =>
        new(limits, new FixedTimeProvider(now ?? ReadTime));

    public static SecurityEvent Parsed(string json, string? origin = null) => ParsedAt(json, ReadTime, origin);

    /// <summary>Parses with the clock at <paramref name="now"/> (year-less syslog times depend on it).</summary>
    public static SecurityEvent ParsedAt(string json, DateTimeOffset now, string? origin = null)
    {
        var result = Parser(now: now).Parse(Encoding.UTF8.GetBytes(json), origin);
        Assert.True(result.IsSuccess, $"rejected: {result.Rejection}");
        return result.Event!;
    }

    public static string Rejection(ReadOnlySpan<byte> record, EventParserLimits? limits = null)
    {
        var result = Parser(limits).Parse(record);
        Assert.False(result.IsSuccess, "the record was accepted");
        Assert.Null(result.Event);
        return result.Rejection!;
    }

    public static string Rejection(string json, EventParserLimits? limits = null) => Rejection(Encoding.UTF8.GetBytes(json), limits);

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
