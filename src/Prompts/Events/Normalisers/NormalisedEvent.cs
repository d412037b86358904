namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// What a normaliser read from a record. The parser completes it into a <see cref="SecurityEvent"/>:
/// it supplies the content-hash id and the fallback time where these are missing.
/// </summary>
internal sealed record NormalisedEvent
{
    /// <summary>The source's own stable event id (ECS event.id, CloudTrail eventID), if it has one.</summary>
    public string? SourceId { get; init; }

    public DateTimeOffset? Timestamp { get; init; }
    public string? Host { get; init; }
    public string? User { get; init; }
    public string? SourceAddress { get; init; }
    public int? SourcePort { get; init; }
    public string? DestinationAddress { get; init; }
    public int? DestinationPort { get; init; }
    public string? ProcessName { get; init; }
    public string? CommandLine { get; init; }
    public string? ParentProcessName { get; init; }
    public string? RuleName { get; init; }
    public string? Action { get; init; }
    public string? Message { get; init; }

    /// <summary>
    /// Fields the normaliser read out of the record's text (syslog header, CEF extension, Windows event XML)
    /// or renamed to the names analysts search by; added to the event's fields where the record has no field
    /// of that name.
    /// </summary>
    public IReadOnlyDictionary<string, string>? AddedFields { get; init; }
}
