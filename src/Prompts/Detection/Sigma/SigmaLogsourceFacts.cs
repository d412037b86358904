using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// All an event shows of the logsource it came from, read once per event: the only input of
/// <see cref="SigmaLogsourceFilter"/>'s predicates, so that which logsources an event belongs to can be decided once
/// per distinct facts and remembered (<see cref="SigmaLogsourceDispatch"/>). Values the mapping compares whole are
/// kept as the event has them; of fields that vary with every event (lists, paths, actions) only the tests the mapping
/// makes on them are kept, so that events of one kind share their facts.
/// </summary>
internal readonly record struct SigmaLogsourceFacts
{
    private static readonly string[] EventIdFields = ["EventID", "EventId", "winlog.event_id", "event_id", "event.code"];
    private static readonly string[] ChannelFields = ["Channel", "winlog.channel", "log_name"];
    private static readonly string[] ProviderFields = ["SourceName", "ProviderName", "winlog.provider_name", "source_name", "event.provider"];

    /// <summary>The event's <see cref="SecurityEvent.Format"/>.</summary>
    public required string Format { get; init; }

    /// <summary>A Windows record, or an ECS document Winlogbeat or Elastic Agent made from one.</summary>
    public bool IsWindowsRecord { get; init; }

    /// <summary>The event-log channel, under the first of its names the event has.</summary>
    public string? Channel { get; init; }

    /// <summary>
    /// The provider (under the first of its names the event has) or the channel names Sysmon: some collectors drop
    /// Sysmon's channel.
    /// </summary>
    public bool NamesSysmon { get; init; }

    /// <summary>The Windows event id, under the first of its names the event has.</summary>
    public string? EventId { get; init; }

    /// <summary>Suricata EVE's <c>event_type</c>.</summary>
    public string? EveType { get; init; }

    /// <summary>ECS <c>event.dataset</c>.</summary>
    public string? Dataset { get; init; }

    /// <summary>ECS <c>host.os.type</c>, or <c>host.os.family</c> without it.</summary>
    public string? HostOs { get; init; }

    /// <summary>ECS <c>event.category</c> (a value or a list) holds process and <c>event.type</c> holds start.</summary>
    public bool IsProcessStartKind { get; init; }

    /// <summary>ECS <c>event.action</c> is one of the process-start actions endpoint agents write.</summary>
    public bool IsProcessStartAction { get; init; }

    /// <summary>ECS <c>event.category</c> holds network.</summary>
    public bool IsNetworkKind { get; init; }

    /// <summary>ECS <c>event.category</c> holds file.</summary>
    public bool IsFileKind { get; init; }

    /// <summary>ECS <c>process.executable</c> is a path with a drive letter (<c>C:\</c>): a Windows host.</summary>
    public bool HasDriveLetterExecutable { get; init; }

    /// <summary>The longest value kept whole; see <see cref="SigmaLogsourceDispatch"/>.</summary>
    public int LongestValue => Math.Max(Math.Max(Channel?.Length ?? 0, EventId?.Length ?? 0),
        Math.Max(Math.Max(EveType?.Length ?? 0, Dataset?.Length ?? 0), HostOs?.Length ?? 0));

    public static SigmaLogsourceFacts Of(SecurityEvent evt)
    {
        var fields = evt.Fields;
        var channel = First(fields, ChannelFields);
        return new SigmaLogsourceFacts
        {
            Format = evt.Format,
            IsWindowsRecord = evt.Format == EventFormats.Windows || fields.ContainsKey("winlog.channel") || fields.ContainsKey("winlog.event_id"),
            Channel = channel,
            NamesSysmon = First(fields, ProviderFields)?.Contains("Sysmon", StringComparison.OrdinalIgnoreCase) == true
                || channel?.Contains("Sysmon", StringComparison.OrdinalIgnoreCase) == true,
            EventId = First(fields, EventIdFields),
            EveType = fields.GetValueOrDefault("event_type"),
            Dataset = fields.GetValueOrDefault("event.dataset"),
            HostOs = fields.GetValueOrDefault("host.os.type") ?? fields.GetValueOrDefault("host.os.family"),
            IsProcessStartKind = SigmaFieldLookup.HasItem(fields, "event.category", "process") && SigmaFieldLookup.HasItem(fields, "event.type", "start"),
            IsProcessStartAction = fields.GetValueOrDefault("event.action") is "start" or "process-started" or "exec",
            IsNetworkKind = SigmaFieldLookup.HasItem(fields, "event.category", "network"),
            IsFileKind = SigmaFieldLookup.HasItem(fields, "event.category", "file"),
            HasDriveLetterExecutable = fields.GetValueOrDefault("process.executable") is [_, ':', '\\', ..],
        };
    }

    private static string? First(IReadOnlyDictionary<string, string> fields, string[] names)
    {
        foreach (var name in names)
        {
            if (fields.GetValueOrDefault(name) is { } value)
            {
                return value;
            }
        }

        return null;
    }
}
