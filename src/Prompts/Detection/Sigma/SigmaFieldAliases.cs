using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// The one table from Sigma's field names (the Sysmon/Windows names of the SigmaHQ taxonomy, and CloudTrail's
/// own) to the names our sources use. Looked up only when the event has no field of the Sigma name itself:
/// raw and NXLog Windows records and CloudTrail already use those names.
/// <list type="bullet">
/// <item>Winlogbeat keeps the event data under <c>winlog.event_data.</c> (Winlogbeat 6: <c>event_data.</c>),
/// so every name is also tried there without needing a row.</item>
/// <item>ECS moves the common ones (<c>process.command_line</c>, <c>destination.ip</c>, <c>event.code</c>).</item>
/// <item>Security 4688 names the process <c>NewProcessName</c> and its parent <c>ParentProcessName</c>.</item>
/// <item>Suricata EVE has <c>src_ip</c>, <c>dest_ip</c>, <c>dns.rrname</c>.</item>
/// <item>Last, the normalised <see cref="SecurityEvent"/> properties, which the normalisers filled from
/// whichever of these the source had.</item>
/// </list>
/// </summary>
internal static class SigmaFieldAliases
{
    /// <summary>Containers whose children keep their Windows event-data names.</summary>
    public static readonly string[] EventDataPrefixes = ["winlog.event_data.", "event_data."];

    private static readonly Dictionary<string, string[]> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["EventID"] = ["EventId", "winlog.event_id", "event_id", "event.code"],
        ["Channel"] = ["winlog.channel", "log_name"],
        ["Provider_Name"] = ["SourceName", "ProviderName", "winlog.provider_name", "source_name", "event.provider"],
        ["Computer"] = ["Hostname", "winlog.computer_name", "computer_name", "host.name"],
        ["Image"] = ["NewProcessName", "process.executable"],
        ["CommandLine"] = ["process.command_line"],
        ["OriginalFileName"] = ["process.pe.original_file_name"],
        ["Product"] = ["process.pe.product"],
        ["Description"] = ["process.pe.description"],
        ["Company"] = ["process.pe.company"],
        ["CurrentDirectory"] = ["process.working_directory"],
        ["ProcessId"] = ["process.pid"],
        ["ParentImage"] = ["ParentProcessName", "process.parent.executable"],
        ["ParentCommandLine"] = ["process.parent.command_line"],
        ["ParentProcessId"] = ["process.parent.pid"],
        ["User"] = ["user.name"],
        ["IntegrityLevel"] = ["winlog.event_data.MandatoryLabel"],
        ["TargetFilename"] = ["file.path"],
        ["ImageLoaded"] = ["dll.path", "file.path"],
        ["TargetObject"] = ["registry.path"],
        ["Details"] = ["registry.data.strings"],
        ["QueryName"] = ["dns.question.name", "dns.rrname"],
        ["DestinationHostname"] = ["destination.domain"],
        ["DestinationIp"] = ["destination.ip", "dest_ip"],
        ["DestinationPort"] = ["destination.port", "dest_port"],
        ["SourceIp"] = ["source.ip", "src_ip"],
        ["SourcePort"] = ["source.port", "src_port"],
        ["Protocol"] = ["network.transport", "proto"],
        ["ScriptBlockText"] = ["powershell.file.script_block_text"],
        ["eventName"] = ["event.action"],
        ["eventSource"] = ["event.provider"],
        ["query"] = ["dns.question.name", "dns.rrname"],
    };

    private static readonly Dictionary<string, Func<SecurityEvent, object?>> Typed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Image"] = e => e.ProcessName,
        ["CommandLine"] = e => e.CommandLine,
        ["ParentImage"] = e => e.ParentProcessName,
        ["User"] = e => e.User,
        ["Computer"] = e => e.Host,
        ["SourceIp"] = e => e.SourceAddress,
        ["SourcePort"] = e => e.SourcePort,
        ["DestinationIp"] = e => e.DestinationAddress,
        ["DestinationPort"] = e => e.DestinationPort,
    };

    public static string[] For(string field) => Aliases.TryGetValue(field, out var names) ? names : [];

    /// <summary>The normalised property standing for the field, as text; null when none does or it is empty.</summary>
    public static string? TypedValue(SecurityEvent evt, string field) =>
        Typed.TryGetValue(field, out var read) ? Convert.ToString(read(evt), System.Globalization.CultureInfo.InvariantCulture) : null;
}
