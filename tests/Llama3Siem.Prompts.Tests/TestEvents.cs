using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Tests;

/// <summary>Hand-built events for tests: a Windows-style event with the fields a rule looks at.</summary>
internal static class TestEvents
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static SecurityEvent Windows(
        string id,
        string eventId,
        string? image = null,
        string? commandLine = null,
        string? parent = null,
        string host = "WS-FIN-07",
        string user = "alice",
        int minute = 0,
        string? message = null,
        params (string Key, string Value)[] fields)
    {
        // Collected records carry the event log channel their event id is written to; Sigma logsources rely on it.
        var all = new Dictionary<string, string>(StringComparer.Ordinal) { ["EventID"] = eventId, ["Hostname"] = host, ["Channel"] = ChannelOf(eventId) };
        if (image is not null)
        {
            all["Image"] = image;
        }

        if (commandLine is not null)
        {
            all["CommandLine"] = commandLine;
        }

        foreach (var (key, value) in fields)
        {
            all[key] = value;
        }

        return new SecurityEvent
        {
            Id = id,
            Timestamp = Start.AddMinutes(minute),
            Format = EventFormats.Windows,
            Host = host,
            User = user,
            ProcessName = image,
            CommandLine = commandLine,
            ParentProcessName = parent,
            Action = eventId,
            Message = message,
            Fields = all,
        };
    }

    public static SecurityEvent Of(string format, string id, string? action = null, string? rule = null, params (string Key, string Value)[] fields) =>
        new()
        {
            Id = id,
            Timestamp = Start,
            Format = format,
            Action = action,
            RuleName = rule,
            Fields = fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal),
        };

    /// <summary>The channel an event id is logged to: Sysmon, PowerShell, System or Security.</summary>
    public static string ChannelOf(string eventId) => eventId switch
    {
        "4103" or "4104" => "Microsoft-Windows-PowerShell/Operational",
        "400" or "403" or "600" or "800" => "Windows PowerShell",
        "104" or "7045" or "7036" => "System",
        _ when int.TryParse(eventId, out var sysmon) && sysmon is >= 1 and <= 29 => "Microsoft-Windows-Sysmon/Operational",
        _ => "Security",
    };
}
