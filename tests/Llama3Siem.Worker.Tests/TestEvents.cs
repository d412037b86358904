using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Worker.Tests;

/// <summary>Minimal events for correlation and batching: who, where and when.</summary>
internal static class TestEvents
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static SecurityEvent At(string id, double minutes, string? host = null, string? user = null, string? src = null, string? dst = null) =>
        new()
        {
            Id = id,
            Timestamp = Start.AddMinutes(minutes),
            Format = EventFormats.Generic,
            Host = host,
            User = user,
            SourceAddress = src,
            DestinationAddress = dst,
            Message = "test event " + id,
        };
}
