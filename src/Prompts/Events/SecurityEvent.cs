namespace Llama3Siem.Prompts.Events;

/// <summary>
/// One security event after normalisation, whatever its original shape (ECS, Windows/Sysmon, CloudTrail,
/// Suricata EVE, generic JSON). Every string here is untrusted data taken from the event.
/// </summary>
public sealed record SecurityEvent
{
    /// <summary>ECS <c>event.id</c> when the source has one, otherwise a content hash of the raw record.</summary>
    public required string Id { get; init; }

    /// <summary>When the event happened (UTC). Falls back to the time it was read when the record has no time.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The shape the event was recognised as; one of <see cref="EventFormats"/>.</summary>
    public required string Format { get; init; }

    public string? Host { get; init; }
    public string? User { get; init; }
    public string? SourceAddress { get; init; }
    public int? SourcePort { get; init; }
    public string? DestinationAddress { get; init; }
    public int? DestinationPort { get; init; }
    public string? ProcessName { get; init; }
    public string? CommandLine { get; init; }
    public string? ParentProcessName { get; init; }

    /// <summary>Rule, alert or signature name (Suricata signature, ECS rule.name, Windows event description).</summary>
    public string? RuleName { get; init; }

    /// <summary>The source's own event code or action (Windows EventID, CloudTrail eventName, ECS event.action).</summary>
    public string? Action { get; init; }

    /// <summary>Free text: the message or description.</summary>
    public string? Message { get; init; }

    /// <summary>Every scalar field of the original record, flattened with dotted names, kept verbatim.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Where the event came from (file path and line, or topic/partition/offset); drives document ids of
    /// sources that have no event id of their own.
    /// </summary>
    public string? Origin { get; init; }

    /// <summary>
    /// True when the record had no time the parser could read, so <see cref="Timestamp"/> is the time it was
    /// parsed rather than the time it happened. Correlation windows should treat such events with care.
    /// </summary>
    public bool TimestampIsFallback { get; init; }
}
