using System.Globalization;

namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// Elastic Common Schema documents as Elastic Agent, Winlogbeat and Filebeat write them, nested or with
/// dotted keys. Winlogbeat's winlog.event_data.* fills what the ECS fields leave empty.
/// </summary>
internal sealed class EcsNormaliser : IEventNormaliser
{
    private const string WinlogData = "winlog.event_data.";

    private static readonly string[] EcsEntityFields =
    [
        "host.name", "host.hostname", "user.name", "source.ip", "destination.ip",
        "process.name", "process.executable", "agent.type",
    ];

    public string Format => EventFormats.Ecs;

    /// <summary>
    /// An event.* or ecs.* field, or @timestamp together with an ECS entity field. NXLog's flattened Windows
    /// records have @timestamp but only a scalar "host", so they do not qualify.
    /// </summary>
    public bool Recognises(FlattenedRecord record) =>
        record.HasPrefix("event.") || record.HasPrefix("ecs.")
        || (record.Has("@timestamp") && record.HasAny(EcsEntityFields));

    public NormalisedEvent? Normalise(FlattenedRecord record)
    {
        var message = record.Text("message");
        var eventCode = record.FirstText("event.code", "winlog.event_id");
        int? windowsId = int.TryParse(eventCode, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        var windows = record.HasPrefix("winlog.")
            ? WindowsEventData.Map(record, WinlogData, windowsId, message)
            : new NormalisedEvent();

        return new NormalisedEvent
        {
            SourceId = record.Text("event.id"),
            Timestamp = EventTimestamps.First(
                record.Text("@timestamp"), record.Text("event.start"), record.Text("event.created")),
            Host = record.FirstText("host.name", "host.hostname", "winlog.computer_name"),
            User = WindowsEventData.Qualified(record.Text("user.name"), record.Text("user.domain")) ?? windows.User,
            SourceAddress = NetworkAddresses.FirstAddress(
                record.Text("source.ip"), record.Text("source.address"), record.Text("client.ip"))
                ?? windows.SourceAddress,
            SourcePort = NetworkAddresses.FirstPort(record.Text("source.port"), record.Text("client.port"))
                ?? windows.SourcePort,
            DestinationAddress = NetworkAddresses.FirstAddress(
                record.Text("destination.ip"), record.Text("destination.address"), record.Text("server.ip"))
                ?? windows.DestinationAddress,
            DestinationPort = NetworkAddresses.FirstPort(record.Text("destination.port"), record.Text("server.port"))
                ?? windows.DestinationPort,
            ProcessName = record.FirstText("process.executable", "process.name") ?? windows.ProcessName,
            CommandLine = record.FirstText("process.command_line", "powershell.file.script_block_text")
                ?? windows.CommandLine,
            ParentProcessName = record.FirstText("process.parent.executable", "process.parent.name")
                ?? windows.ParentProcessName,
            RuleName = record.Text("rule.name") ?? WindowsRuleName(record, windowsId),
            Action = record.Text("event.action") ?? eventCode,
            Message = message,
        };
    }

    private static string? WindowsRuleName(FlattenedRecord record, int? windowsId)
    {
        if (!record.HasPrefix("winlog."))
        {
            return null;
        }

        var channel = WindowsEventCatalog.ShortChannel(
            record.Text("winlog.channel"), record.FirstText("winlog.provider_name", "event.provider"));
        return WindowsEventNormaliser.RuleName(channel, windowsId, record.Text(WinlogData + "RuleName"));
    }
}
