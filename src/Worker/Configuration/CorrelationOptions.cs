namespace Llama3Siem.Worker.Configuration;

/// <summary>How events are grouped into incidents. Section <c>Correlation</c>.</summary>
public sealed class CorrelationOptions
{
    public const string SectionName = "Correlation";

    /// <summary>
    /// Two events sharing a host, user or address belong to one incident when the later one happens within
    /// this time of the incident's last event. Default 30 minutes; 1 second to 7 days.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A live source (Kafka) closes an incident that has received no event for this long (wall clock), even if
    /// event time has not moved past its window: its events' offsets can only be stored once it is written.
    /// Default 1 minute; 1 second to 1 day.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An incident that reaches this many events is closed and a new one starts. Default 500; 1 to 100,000.</summary>
    public int MaxEventsPerIncident { get; set; } = 500;
}
