namespace Llama3Siem.Prompts.Events;

/// <summary>The outcome of parsing one raw record: an event, or the reason it was rejected.</summary>
public sealed record EventParseResult
{
    private EventParseResult(SecurityEvent? evt, string? rejection)
    {
        Event = evt;
        Rejection = rejection;
    }

    public SecurityEvent? Event { get; }

    /// <summary>Why the record was rejected. Never contains the record's content.</summary>
    public string? Rejection { get; }

    public bool IsSuccess => Event is not null;

    public static EventParseResult Success(SecurityEvent evt) => new(evt, null);

    public static EventParseResult Rejected(string reason) => new(null, reason);
}
