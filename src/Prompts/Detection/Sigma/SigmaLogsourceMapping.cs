using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// Sigma logsources to the events we normalise. Windows categories are Sysmon event ids (process_creation also
/// Security 4688 and ECS process starts of Windows endpoint agents) and PowerShell script logging; Windows services
/// are event-log channels; aws/cloudtrail is the CloudTrail format; linux is ECS with a Linux host; dns is Suricata's dns records; suricata is Suricata's EVE
/// records, its service the EVE <c>event_type</c> (<c>service: alert</c> for IDS alerts), as Sigma names Zeek's
/// logs by service. A logsource outside these maps to null: its rules load but never match.
/// </summary>
internal static class SigmaLogsourceMapping
{
    private const string SysmonChannel = "Microsoft-Windows-Sysmon/Operational";
    private const string PowerShellChannel = "Microsoft-Windows-PowerShell/Operational";
    private const string ClassicPowerShellChannel = "Windows PowerShell";

    private static readonly string[] WindowsFormats = [EventFormats.Windows, EventFormats.Ecs];

    /// <summary>Category to the channel its events are written to and their event ids.</summary>
    private static readonly Dictionary<string, (string Channel, int[] Ids)> WindowsCategories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["process_creation"] = (SysmonChannel, [1]),
        ["file_change"] = (SysmonChannel, [2]),
        ["network_connection"] = (SysmonChannel, [3]),
        ["sysmon_status"] = (SysmonChannel, [4, 16]),
        ["process_termination"] = (SysmonChannel, [5]),
        ["driver_load"] = (SysmonChannel, [6]),
        ["image_load"] = (SysmonChannel, [7]),
        ["create_remote_thread"] = (SysmonChannel, [8]),
        ["raw_access_thread"] = (SysmonChannel, [9]),
        ["process_access"] = (SysmonChannel, [10]),
        ["file_event"] = (SysmonChannel, [11]),
        ["registry_add"] = (SysmonChannel, [12]),
        ["registry_delete"] = (SysmonChannel, [12]),
        ["registry_set"] = (SysmonChannel, [13]),
        ["registry_rename"] = (SysmonChannel, [14]),
        ["registry_event"] = (SysmonChannel, [12, 13, 14]),
        ["create_stream_hash"] = (SysmonChannel, [15]),
        ["pipe_created"] = (SysmonChannel, [17, 18]),
        ["wmi_event"] = (SysmonChannel, [19, 20, 21]),
        ["dns_query"] = (SysmonChannel, [22]),
        ["file_delete"] = (SysmonChannel, [23, 26]),
        ["clipboard_capture"] = (SysmonChannel, [24]),
        ["process_tampering"] = (SysmonChannel, [25]),
        ["file_executable_detected"] = (SysmonChannel, [29]),
        ["sysmon_error"] = (SysmonChannel, [255]),
        ["ps_module"] = (PowerShellChannel, [4103]),
        ["ps_script"] = (PowerShellChannel, [4104]),
        ["ps_classic_start"] = (ClassicPowerShellChannel, [400]),
        ["ps_classic_provider_start"] = (ClassicPowerShellChannel, [600]),
        ["ps_classic_script"] = (ClassicPowerShellChannel, [800]),
    };

    /// <summary>Service to its event-log channel(s), as Windows names them.</summary>
    private static readonly Dictionary<string, string[]> WindowsServices = new(StringComparer.OrdinalIgnoreCase)
    {
        ["security"] = ["Security"],
        ["system"] = ["System"],
        ["application"] = ["Application"],
        ["sysmon"] = [SysmonChannel],
        ["powershell"] = [PowerShellChannel],
        ["powershell-classic"] = [ClassicPowerShellChannel],
        ["taskscheduler"] = ["Microsoft-Windows-TaskScheduler/Operational"],
        ["wmi"] = ["Microsoft-Windows-WMI-Activity/Operational"],
        ["windefend"] = ["Microsoft-Windows-Windows Defender/Operational"],
        ["bits-client"] = ["Microsoft-Windows-Bits-Client/Operational"],
        ["codeintegrity-operational"] = ["Microsoft-Windows-CodeIntegrity/Operational"],
        ["firewall-as"] = ["Microsoft-Windows-Windows Firewall With Advanced Security/Firewall"],
        ["dns-server"] = ["DNS Server"],
        ["dns-client"] = ["Microsoft-Windows-DNS Client Events/Operational"],
        ["driver-framework"] = ["Microsoft-Windows-DriverFrameworks-UserMode/Operational"],
        ["ntlm"] = ["Microsoft-Windows-NTLM/Operational"],
        ["applocker"] =
        [
            "Microsoft-Windows-AppLocker/EXE and DLL", "Microsoft-Windows-AppLocker/MSI and Script",
            "Microsoft-Windows-AppLocker/Packaged app-Deployment", "Microsoft-Windows-AppLocker/Packaged app-Execution",
        ],
        ["printservice-admin"] = ["Microsoft-Windows-PrintService/Admin"],
        ["printservice-operational"] = ["Microsoft-Windows-PrintService/Operational"],
        ["terminalservices-localsessionmanager"] = ["Microsoft-Windows-TerminalServices-LocalSessionManager/Operational"],
        ["openssh"] = ["OpenSSH/Operational"],
        ["smbclient-security"] = ["Microsoft-Windows-SmbClient/Security"],
        ["shell-core"] = ["Microsoft-Windows-Shell-Core/Operational"],
        ["msexchange-management"] = ["MSExchange Management"],
        ["ldap"] = ["Microsoft-Windows-LDAP-Client/Debug"],
        ["appxdeployment-server"] = ["Microsoft-Windows-AppXDeploymentServer/Operational"],
        ["lsa-server"] = ["Microsoft-Windows-LSA/Operational"],
        ["diagnosis-scripted"] = ["Microsoft-Windows-Diagnosis-Scripted/Operational"],
        ["capi2"] = ["Microsoft-Windows-CAPI2/Operational"],
        ["certificateservicesclient-lifecycle-system"] = ["Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational"],
        ["appmodel-runtime"] = ["Microsoft-Windows-AppModel-Runtime/Admin"],
        ["vhdmp"] = ["Microsoft-Windows-VHDMP/Operational"],
    };

    public static SigmaLogsourceFilter? Map(SigmaLogsource logsource) => logsource.Product?.ToUpperInvariant() switch
    {
        "WINDOWS" => Windows(logsource.Category, logsource.Service),
        "AWS" when logsource.Service is null or "cloudtrail" && logsource.Category is null =>
            new([EventFormats.CloudTrail, EventFormats.Ecs], IsCloudTrail),
        "LINUX" => Linux(logsource.Category, logsource.Service),
        null when logsource is { Category: "dns", Service: null } =>
            new([EventFormats.SuricataEve], e => e.EveType == "dns"),
        "SURICATA" when logsource.Category is null => Suricata(logsource.Service),
        _ => null,
    };

    private static SigmaLogsourceFilter? Windows(string? category, string? service)
    {
        Func<SigmaLogsourceFacts, bool>? test = null;
        if (category is not null)
        {
            if (!WindowsCategories.TryGetValue(category, out var source))
            {
                return null;
            }

            var ids = source.Ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

            // Security 4688 is a process creation too, with the same Sigma fields under other names (aliases).
            test = category.Equals("process_creation", StringComparison.OrdinalIgnoreCase)
                ? e => (InChannel(e, source.Channel) && HasEventId(e, ids)) || (InChannel(e, "Security") && HasEventId(e, "4688"))
                : e => InChannel(e, source.Channel) && HasEventId(e, ids);
        }

        if (service is not null)
        {
            if (!WindowsServices.TryGetValue(service, out var channels))
            {
                return null;
            }

            var byCategory = test;
            test = e => channels.Any(c => InChannel(e, c)) && (byCategory is null || byCategory(e));
        }

        var inner = test;
        if (service is null && string.Equals(category, "process_creation", StringComparison.OrdinalIgnoreCase))
        {
            // Endpoint agents that write ECS themselves (Elastic Defend) carry no event-log channel or id.
            return new(WindowsFormats, e => (e.IsWindowsRecord && inner!(e)) || IsEcsWindowsProcessStart(e));
        }

        return new(WindowsFormats, e => e.IsWindowsRecord && (inner is null || inner(e)));
    }

    /// <summary>
    /// An ECS process start on a Windows host: <c>event.category</c> process with <c>event.type</c> start (or the
    /// start actions agents write), on a host whose OS is Windows or whose executable has a drive-letter path.
    /// </summary>
    private static bool IsEcsWindowsProcessStart(SigmaLogsourceFacts e) =>
        e.Format == EventFormats.Ecs
        && (e.IsProcessStartKind || e.IsProcessStartAction)
        && (string.Equals(e.HostOs, "windows", StringComparison.OrdinalIgnoreCase) || e.HasDriveLetterExecutable);

    private static SigmaLogsourceFilter? Linux(string? category, string? service)
    {
        if (service is not null)
        {
            return null;
        }

        // ECS records the event's kind in event.category (a list) and event.type; only the common three are cheap.
        Func<SigmaLogsourceFacts, bool>? kind = category?.ToUpperInvariant() switch
        {
            null => _ => true,
            "PROCESS_CREATION" => e => e.IsProcessStartKind,
            "NETWORK_CONNECTION" => e => e.IsNetworkKind,
            "FILE_EVENT" => e => e.IsFileKind,
            _ => null,
        };

        return kind is null
            ? null
            : new([EventFormats.Ecs], e => string.Equals(e.HostOs, "linux", StringComparison.OrdinalIgnoreCase) && kind(e));
    }

    /// <summary>
    /// EVE writes every record type to one stream and names it in <c>event_type</c> (alert, dns, http, tls, flow...);
    /// no service is all of them.
    /// </summary>
    private static SigmaLogsourceFilter Suricata(string? service) =>
        new([EventFormats.SuricataEve], service is null
            ? _ => true
            : e => string.Equals(e.EveType, service, StringComparison.OrdinalIgnoreCase));

    private static bool IsCloudTrail(SigmaLogsourceFacts e) =>
        e.Format == EventFormats.CloudTrail || string.Equals(e.Dataset, "aws.cloudtrail", StringComparison.OrdinalIgnoreCase);

    private static bool HasEventId(SigmaLogsourceFacts e, params string[] ids) => e.EventId is { } id && ids.Contains(id);

    /// <summary>
    /// The record's channel is the one named; Sysmon is also recognised by its provider, since some collectors
    /// drop the channel (the normalisers' catalog does the same).
    /// </summary>
    private static bool InChannel(SigmaLogsourceFacts e, string channel) =>
        string.Equals(e.Channel, channel, StringComparison.OrdinalIgnoreCase) || (channel == SysmonChannel && e.NamesSysmon);
}
