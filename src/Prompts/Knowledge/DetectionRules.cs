using System.Text.RegularExpressions;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Iocs;
using static Llama3Siem.Prompts.Knowledge.EventFacts;

namespace Llama3Siem.Prompts.Knowledge;

/// <summary>
/// The built-in detection rules: common attacker behaviour seen in Windows, Sysmon, PowerShell, CloudTrail
/// and Suricata events, each tied to one ATT&amp;CK technique. Rules are deliberately specific: a rule that
/// fires on benign admin work costs analysts' trust more than a miss, which the model may still catch.
/// </summary>
public static partial class DetectionRules
{
    public static IReadOnlyList<DetectionRule> All { get; } =
    [
        DetectionRule.PerEvent("lsass-minidump-comsvcs", "T1003.001",
            e => ComsvcsMiniDump().IsMatch(ProcessText(e)) || ProcdumpLsass().IsMatch(ProcessText(e))),
        DetectionRule.PerEvent("lsass-process-access", "T1003.001",
            e => HasCode(e, "10") && ImageIs(Field(e, "TargetImage", "winlog.event_data.TargetImage"), "lsass.exe")
                 && LsassReadAccess().IsMatch(Field(e, "GrantedAccess", "winlog.event_data.GrantedAccess") ?? string.Empty)),
        DetectionRule.PerEvent("lsass-object-read", "T1003.001",
            e => HasCode(e, "4656", "4663") && (Field(e, "ObjectName") ?? string.Empty).EndsWith("lsass.exe", StringComparison.OrdinalIgnoreCase)
                 && !ImageIs(e.ProcessName ?? Field(e, "ProcessName"), "MsMpEng.exe", "svchost.exe", "wininit.exe", "csrss.exe")),
        DetectionRule.PerEvent("powershell-encoded-command", "T1059.001",
            e => IsPowerShell(e) && EncodedCommand().IsMatch(e.CommandLine ?? string.Empty)),
        DetectionRule.PerEvent("powershell-encoded-command-obfuscation", "T1027",
            e => IsPowerShell(e) && EncodedCommand().IsMatch(e.CommandLine ?? string.Empty)),
        DetectionRule.PerEvent("powershell-download-cradle", "T1105",
            e => DownloadCradle().IsMatch(AllText(e))),
        DetectionRule.PerEvent("scheduled-task-created", "T1053.005",
            e => HasCode(e, "4698") || SchtasksCreate().IsMatch(ProcessText(e))),
        DetectionRule.PerEvent("service-installed", "T1543.003",
            e => HasCode(e, "7045", "4697") || ScCreate().IsMatch(ProcessText(e))),
        DetectionRule.PerEvent("psexec-service", "T1569.002",
            e => (Field(e, "ServiceName", "winlog.event_data.ServiceName") ?? string.Empty).Contains("PSEXESVC", StringComparison.OrdinalIgnoreCase)
                 || ImageIs(e.ProcessName, "PsExec.exe", "PsExec64.exe", "PSEXESVC.exe")),
        DetectionRule.PerEvent("admin-share-service-control", "T1021.002",
            e => HasCode(e, "5145") && AdminShare().IsMatch(Field(e, "ShareName") ?? string.Empty)
                 && (Field(e, "RelativeTargetName") ?? string.Empty).Contains("svcctl", StringComparison.OrdinalIgnoreCase)),
        DetectionRule.PerEvent("admin-share-access", "T1021.002",
            e => HasCode(e, "5140") && AdminShareNoIpc().IsMatch(Field(e, "ShareName") ?? string.Empty)),
        DetectionRule.PerEvent("wmi-process-create", "T1047",
            e => WmicCreate().IsMatch(ProcessText(e))
                 || (ImageIs(e.ParentProcessName, "WmiPrvSE.exe") && ImageIs(e.ProcessName, "cmd.exe", "powershell.exe", "pwsh.exe", "rundll32.exe"))),
        DetectionRule.PerEvent("winrm-remote-session", "T1021.006",
            e => ImageIs(e.ProcessName, "wsmprovhost.exe")
                 || (e.DestinationPort is 5985 or 5986 && HasCode(e, "3", "5156"))),
        DetectionRule.PerEvent("rdp-logon", "T1021.001",
            e => HasCode(e, "4624") && Field(e, "LogonType", "winlog.event_data.LogonType") == "10"),
        DetectionRule.AtLeast("failed-logon-burst", "T1110", 5,
            e => HasCode(e, "4625") || (e.Action?.Contains("ConsoleLogin", StringComparison.Ordinal) == true
                                        && (Field(e, "responseElements.ConsoleLogin") ?? string.Empty).Equals("Failure", StringComparison.OrdinalIgnoreCase))),
        DetectionRule.PerEvent("discovery-whoami", "T1033",
            e => ImageIs(e.ProcessName, "whoami.exe") || WhoamiCommand().IsMatch(e.CommandLine ?? string.Empty)),
        DetectionRule.PerEvent("discovery-accounts", "T1087.002",
            e => NetDomainAccounts().IsMatch(ProcessText(e))),
        DetectionRule.PerEvent("discovery-domain-trusts", "T1482",
            e => DomainTrusts().IsMatch(ProcessText(e))),
        DetectionRule.PerEvent("discovery-network-config", "T1016",
            e => NetworkConfig().IsMatch(e.CommandLine ?? string.Empty)),
        DetectionRule.PerEvent("discovery-system-info", "T1082",
            e => ImageIs(e.ProcessName, "systeminfo.exe") || SystemInfo().IsMatch(e.CommandLine ?? string.Empty)),
        DetectionRule.PerEvent("shadow-copy-deletion", "T1490",
            e => ShadowCopyDelete().IsMatch(ProcessText(e))),
        DetectionRule.PerEvent("event-log-cleared", "T1070.001",
            e => HasCode(e, "1102")
                 || (HasCode(e, "104") && string.Equals(Field(e, "Channel", "winlog.channel"), "System", StringComparison.OrdinalIgnoreCase))
                 || WevtutilClear().IsMatch(ProcessText(e))),
        DetectionRule.PerEvent("local-account-created", "T1136.001",
            e => HasCode(e, "4720") || NetUserAdd().IsMatch(ProcessText(e))),
        DetectionRule.PerEvent("kerberoasting-rc4-ticket", "T1558.003",
            e => HasCode(e, "4769") && Field(e, "TicketEncryptionType", "winlog.event_data.TicketEncryptionType") is "0x17" or "0x18"
                 && !(Field(e, "ServiceName") ?? string.Empty).EndsWith('$')),
        DetectionRule.PerEvent("defender-disabled", "T1562.001",
            e => DefenderTampering().IsMatch(AllText(e))),
        DetectionRule.AtLeast("mass-file-encryption", "T1486", 25,
            e => HasCode(e, "11") && RansomExtension().IsMatch(Field(e, "TargetFilename", "file.path") ?? string.Empty)),
        DetectionRule.PerEvent("cloud-assumed-role-from-outside", "T1078.004",
            e => e.Format == EventFormats.CloudTrail
                 && Field(e, "userIdentity.type") == "AssumedRole"
                 && Field(e, "userIdentity.arn") is { } arn && arn.Contains(":assumed-role/", StringComparison.Ordinal)
                 && IsPublicAddress(e.SourceAddress) && !(Field(e, "userAgent") ?? string.Empty).Contains("amazonaws.com", StringComparison.OrdinalIgnoreCase)
                 && Field(e, "eventSource") == "s3.amazonaws.com"),
        DetectionRule.PerEvent("cloud-storage-object-read", "T1530",
            e => e.Format == EventFormats.CloudTrail && Field(e, "eventSource") == "s3.amazonaws.com" && e.Action == "GetObject"),
        DetectionRule.PerEvent("cloud-storage-discovery", "T1619",
            e => e.Format == EventFormats.CloudTrail && Field(e, "eventSource") == "s3.amazonaws.com"
                 && e.Action is "ListObjects" or "ListObjectsV2" or "ListBuckets"),
        DetectionRule.PerEvent("ids-command-and-control", "T1071.001",
            e => e.Format == EventFormats.SuricataEve && CommandAndControl().IsMatch(AllText(e) + "\n" + (Field(e, "alert.category") ?? string.Empty))),
        DetectionRule.PerEvent("ids-exploit-public-facing", "T1190",
            e => e.Format == EventFormats.SuricataEve && ExploitSignature().IsMatch(e.RuleName ?? string.Empty)),
    ];

    /// <summary>Runs every rule over an incident's events; one result per technique, evidence merged across rules.</summary>
    public static IReadOnlyList<DetectedTechnique> Detect(IReadOnlyList<SecurityEvent> events)
    {
        var byTechnique = new Dictionary<string, (List<string> Rules, SortedSet<string> Events)>(StringComparer.Ordinal);
        using var memo = EventFacts.Memoize();
        foreach (var rule in All)
        {
            var support = rule.Match(events);
            if (support.Count == 0)
            {
                continue;
            }

            if (!byTechnique.TryGetValue(rule.TechniqueId, out var entry))
            {
                entry = ([], new SortedSet<string>(StringComparer.Ordinal));
                byTechnique[rule.TechniqueId] = entry;
            }

            entry.Rules.Add(rule.Name);
            entry.Events.UnionWith(support.Select(e => e.Id));
        }

        return byTechnique
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new DetectedTechnique(kv.Key, kv.Value.Rules.Select(r => new Detection.RuleReference(r, r, null)).ToList(), kv.Value.Events.ToList()))
            .ToList();
    }

    private static bool IsPublicAddress(string? address) =>
        address is not null
        && ((IocNormalizer.TryNormalize(IocType.Ipv4, address, out var v4) && !IocNormalizer.IsInternal(IocType.Ipv4, v4))
            || (IocNormalizer.TryNormalize(IocType.Ipv6, address, out var v6) && !IocNormalizer.IsInternal(IocType.Ipv6, v6)));

    private static bool IsPowerShell(SecurityEvent e) =>
        ImageIs(e.ProcessName, "powershell.exe", "pwsh.exe", "powershell_ise.exe")
        || (e.CommandLine ?? string.Empty).Contains("powershell", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"comsvcs(\.dll)?[\s,""']+#?(MiniDump|24)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ComsvcsMiniDump();

    [GeneratedRegex(@"procdump(64)?(\.exe)?\b.*\blsass", RegexOptions.IgnoreCase)]
    private static partial Regex ProcdumpLsass();

    [GeneratedRegex(@"^0x(1010|1410|1438|143a|1f0fff|1fffff|1f3fff|40)$", RegexOptions.IgnoreCase)]
    private static partial Regex LsassReadAccess();

    [GeneratedRegex(@"\s[-/](e|ec|en|enc|enco|encod|encode|encoded|encodedc|encodedco|encodedcom|encodedcomm|encodedcomma|encodedcomman|encodedcommand)\s+[A-Za-z0-9+/=]{16,}", RegexOptions.IgnoreCase)]
    private static partial Regex EncodedCommand();

    [GeneratedRegex(@"(Net\.WebClient\)?\s*\.\s*Download(String|File|Data)|Invoke-WebRequest|\biwr\s+http|Start-BitsTransfer|certutil(\.exe)?\s+.*-urlcache|bitsadmin(\.exe)?\s+/transfer)", RegexOptions.IgnoreCase)]
    private static partial Regex DownloadCradle();

    [GeneratedRegex(@"schtasks(\.exe)?\s+.*/create", RegexOptions.IgnoreCase)]
    private static partial Regex SchtasksCreate();

    [GeneratedRegex(@"\bsc(\.exe)?\s+(\\\\\S+\s+)?create\s", RegexOptions.IgnoreCase)]
    private static partial Regex ScCreate();

    [GeneratedRegex(@"^\\\\\*\\(ADMIN\$|C\$|IPC\$)$", RegexOptions.IgnoreCase)]
    private static partial Regex AdminShare();

    [GeneratedRegex(@"^\\\\\*\\(ADMIN\$|[A-Z]\$)$", RegexOptions.IgnoreCase)]
    private static partial Regex AdminShareNoIpc();

    [GeneratedRegex(@"wmic(\.exe)?\s+.*process\s+call\s+create", RegexOptions.IgnoreCase)]
    private static partial Regex WmicCreate();

    [GeneratedRegex(@"(^|[\s\\""])whoami(\.exe)?(\s|$|"")", RegexOptions.IgnoreCase)]
    private static partial Regex WhoamiCommand();

    [GeneratedRegex(@"\bnet1?(\.exe)?\s+(user|group)\b.*\s/do(main)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex NetDomainAccounts();

    [GeneratedRegex(@"nltest(\.exe)?\s+.*/(domain_trusts|dclist|trusted_domains)", RegexOptions.IgnoreCase)]
    private static partial Regex DomainTrusts();

    [GeneratedRegex(@"(\bipconfig(\.exe)?\s+/all\b|\broute(\.exe)?\s+print\b|\barp(\.exe)?\s+-a\b)", RegexOptions.IgnoreCase)]
    private static partial Regex NetworkConfig();

    [GeneratedRegex(@"(^|[\s\\""])systeminfo(\.exe)?(\s|$|"")", RegexOptions.IgnoreCase)]
    private static partial Regex SystemInfo();

    [GeneratedRegex(@"(vssadmin(\.exe)?\s+delete\s+shadows|wmic(\.exe)?\s+shadowcopy\s+delete|wbadmin(\.exe)?\s+delete\s+catalog)", RegexOptions.IgnoreCase)]
    private static partial Regex ShadowCopyDelete();

    [GeneratedRegex(@"wevtutil(\.exe)?\s+(cl|clear-log)\b|Clear-EventLog", RegexOptions.IgnoreCase)]
    private static partial Regex WevtutilClear();

    [GeneratedRegex(@"\bnet1?(\.exe)?\s+user\s+\S+\s+\S+\s+/add\b", RegexOptions.IgnoreCase)]
    private static partial Regex NetUserAdd();

    [GeneratedRegex(@"Set-MpPreference\s+.*-Disable(RealtimeMonitoring|BehaviorMonitoring|IOAVProtection)\s+(\$true|1)|DisableAntiSpyware", RegexOptions.IgnoreCase)]
    private static partial Regex DefenderTampering();

    [GeneratedRegex(@"\.(locked|encrypted|crypt|enc|lockbit|ryk)$", RegexOptions.IgnoreCase)]
    private static partial Regex RansomExtension();

    [GeneratedRegex(@"(command and control|\bC2\b|beacon|cobalt ?strike|A Network Trojan was detected)", RegexOptions.IgnoreCase)]
    private static partial Regex CommandAndControl();

    [GeneratedRegex(@"(\bCVE-\d{4}-\d{4,}\b|\bexploit\b|remote code execution|\bRCE\b)", RegexOptions.IgnoreCase)]
    private static partial Regex ExploitSignature();
}
