using System.Net;
using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// Maps the event-data fields of a Windows event (Security, Sysmon, System, PowerShell) to the common
/// members. Shared by the Windows normaliser (fields at the top level as NXLog writes them, or under
/// winlog.event_data as Winlogbeat does) and the ECS normaliser (Winlogbeat's fallbacks).
/// </summary>
internal static partial class WindowsEventData
{
    // Events about an account authenticating, where the target account, not the subject that reported
    // the event, is the user who acted. Elsewhere (4720, 4732, 4697...) the subject acted on the target.
    private static readonly HashSet<int> TargetAccountActs = [4624, 4625, 4627, 4634, 4647, 4648, 4688, 4768, 4769, 4770, 4771, 4776];

    /// <summary>The mapped members; <paramref name="dataPrefix"/> is "" or e.g. "winlog.event_data.".</summary>
    public static NormalisedEvent Map(FlattenedRecord record, string dataPrefix, int? eventId, string? message)
    {
        string? Data(string name) => record.Text(dataPrefix + name);

        return new NormalisedEvent
        {
            User = User(Data, eventId, record),
            SourceAddress = NetworkAddresses.FirstAddress(
                Data("SourceIp"), Data("SourceAddress"), Data("IpAddress"), Data("ClientAddress")),
            SourcePort = NetworkAddresses.FirstPort(Data("SourcePort"), Data("IpPort"), Data("ClientPort")),
            DestinationAddress = NetworkAddresses.FirstAddress(
                Data("DestinationIp"), Data("DestAddress"), Data("DestinationAddress")),
            DestinationPort = NetworkAddresses.FirstPort(Data("DestinationPort"), Data("DestPort")),
            ProcessName = Data("Image") ?? Data("NewProcessName") ?? Data("ProcessName")
                ?? Data("SourceImage") ?? Data("Application"),
            ParentProcessName = Data("ParentImage") ?? Data("ParentProcessName"),
            CommandLine = Data("CommandLine")
                ?? Data("ScriptBlockText")
                ?? Data("ServiceFileName")
                ?? Data("ImagePath")
                ?? TaskCommand(Data("TaskContent"))
                ?? HostApplication(Data("ContextInfo"), message),
        };
    }

    private static string? User(Func<string, string?> data, int? eventId, FlattenedRecord record)
    {
        var target = Qualified(data("TargetUserName"), data("TargetDomainName"));
        var subject = Qualified(data("SubjectUserName"), data("SubjectDomainName"));
        if (eventId is { } id && TargetAccountActs.Contains(id))
        {
            return target ?? subject;
        }

        // NXLog's AccountName/Domain is the account the event was logged under: SYSTEM for every Sysmon
        // event, so it comes last.
        return data("User") ?? data("SourceUser") ?? subject ?? target
            ?? Qualified(record.Text("AccountName"), record.Text("Domain"));
    }

    /// <summary>"DOMAIN\name" unless the name already says its domain.</summary>
    internal static string? Qualified(string? name, string? domain) =>
        name is null ? null
        : domain is null || name.Contains('\\', StringComparison.Ordinal) || name.Contains('@', StringComparison.Ordinal) ? name
        : $"{domain}\\{name}";

    /// <summary>The command a scheduled task runs (4698 carries the task's XML definition).</summary>
    private static string? TaskCommand(string? taskXml)
    {
        if (taskXml is null)
        {
            return null;
        }

        var command = TaskCommandElement().Match(taskXml);
        if (!command.Success)
        {
            return null;
        }

        var arguments = TaskArgumentsElement().Match(taskXml);
        var text = WebUtility.HtmlDecode(command.Groups[1].Value).Trim();
        return arguments.Success ? $"{text} {WebUtility.HtmlDecode(arguments.Groups[1].Value).Trim()}" : text;
    }

    /// <summary>
    /// PowerShell 400/403/800 messages and 4103 context carry the host process's command line: for an
    /// encoded launcher it is the only place the payload appears.
    /// </summary>
    private static string? HostApplication(string? contextInfo, string? message)
    {
        foreach (var text in new[] { contextInfo, message })
        {
            if (text is null)
            {
                continue;
            }

            var match = HostApplicationLine().Match(text);
            if (match.Success)
            {
                return FlattenedRecord.Meaningful(match.Groups[1].Value);
            }
        }

        return null;
    }

    [GeneratedRegex(@"<Command>([^<]*)</Command>", RegexOptions.CultureInvariant)]
    private static partial Regex TaskCommandElement();

    [GeneratedRegex(@"<Arguments>([^<]*)</Arguments>", RegexOptions.CultureInvariant)]
    private static partial Regex TaskArgumentsElement();

    [GeneratedRegex(@"Host ?Application\s*=\s*([^\r\n]*)", RegexOptions.CultureInvariant)]
    private static partial Regex HostApplicationLine();
}
