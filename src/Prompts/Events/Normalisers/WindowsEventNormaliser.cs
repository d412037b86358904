using System.Globalization;

namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// Windows event-log records flattened by a collector: NXLog/OTRF style (EventID, Channel, Hostname and the
/// event data at the top level), Winlogbeat without ECS fields (winlog.event_id, winlog.event_data.*), and
/// Winlogbeat 6 (event_id, log_name, event_data.*).
/// </summary>
internal sealed class WindowsEventNormaliser : IEventNormaliser
{
    private static readonly string[] EventIdNames = ["EventID", "EventId", "winlog.event_id", "event_id"];
    private static readonly string[] ChannelNames = ["Channel", "winlog.channel", "log_name"];
    private static readonly string[] ProviderNames = ["SourceName", "ProviderName", "Provider_Name", "winlog.provider_name", "source_name"];

    public string Format => EventFormats.Windows;

    public bool Recognises(FlattenedRecord record) =>
        record.HasAny(EventIdNames) && (record.HasAny(ChannelNames) || record.HasAny(ProviderNames));

    public NormalisedEvent? Normalise(FlattenedRecord record)
    {
        var dataPrefix = DataPrefix(record);
        var eventIdText = record.FirstText(EventIdNames);
        int? eventId = int.TryParse(eventIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        var channel = record.FirstText(ChannelNames);
        var provider = record.FirstText(ProviderNames);
        var message = record.FirstText("Message", "message");
        var mapped = WindowsEventData.Map(record, dataPrefix, eventId, message);

        return mapped with
        {
            // TimeCreated is the event log's own time on every record of an export, so it wins over Sysmon's
            // UtcTime: one clock for all records of a source keeps them together when correlating (the
            // OTRF exports show the two differing by hours). @timestamp is the collector's receive time, and
            // NXLog's EventTime is local time without a zone, hence last.
            Timestamp = EventTimestamps.First(
                record.Text("TimeCreated"),
                record.Text(dataPrefix + "UtcTime"),
                record.Text("@timestamp"),
                record.Text("EventTime")),
            Host = record.FirstText("Hostname", "Computer", "winlog.computer_name", "computer_name"),
            RuleName = RuleName(WindowsEventCatalog.ShortChannel(channel, provider), eventId,
                record.Text(dataPrefix + "RuleName")),
            Action = eventIdText,
            Message = message,
        };
    }

    internal static string DataPrefix(FlattenedRecord record) =>
        record.HasPrefix("winlog.event_data.") ? "winlog.event_data."
        : record.HasPrefix("event_data.") ? "event_data."
        : string.Empty;

    /// <summary>The catalog description, plus the Sysmon configuration's own rule name when it has one.</summary>
    internal static string? RuleName(string? shortChannel, int? eventId, string? sysmonRule)
    {
        if (eventId is not { } id)
        {
            return sysmonRule;
        }

        var description = WindowsEventCatalog.Describe(shortChannel, id);
        return sysmonRule is null ? description : $"{description} ({sysmonRule})";
    }
}
