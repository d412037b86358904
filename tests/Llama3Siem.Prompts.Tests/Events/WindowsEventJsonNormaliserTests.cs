using Llama3Siem.Prompts.Events;
using static Llama3Siem.Prompts.Tests.Events.EventParsing;

namespace Llama3Siem.Prompts.Tests.Events;

public sealed class WindowsEventJsonNormaliserTests
{
    private const string SysmonSystem = """
        "System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Sysmon","Guid":"{5770385F-C22A-43E0-BF4C-06F5698FFBD9}"}},
          "EventID":1,"Level":4,"TimeCreated":{"#attributes":{"SystemTime":"2026-05-14T08:01:12.1234567Z"}},"EventRecordID":10421,
          "Execution":{"#attributes":{"ProcessID":3112,"ThreadID":4021}},"Channel":"Microsoft-Windows-Sysmon/Operational",
          "Computer":"WS-LAB-04.lab.example","Security":{"#attributes":{"UserID":"S-1-5-18"}}}
        """;

    private const string ProcessData = """
        {"Image":"C:\\Windows\\System32\\cmd.exe","CommandLine":"cmd.exe /c whoami","ParentImage":"C:\\Windows\\explorer.exe",
        "User":"LAB\\k.ito","RuleName":"technique_id=T1033"}
        """;

    private static string SysmonEvent(string eventData) => "{\"Event\":{" + SysmonSystem + ",\"EventData\":" + eventData + "}}";

    [Fact]
    public void Evtx_dump_event_data_maps_host_user_process_command_line_parent_rule_and_time()
    {
        var e = Parsed(SysmonEvent(ProcessData));

        Assert.Equal(EventFormats.Windows, e.Format);
        Assert.Equal("WS-LAB-04.lab.example", e.Host);
        Assert.Equal("LAB\\k.ito", e.User);
        Assert.Equal("C:\\Windows\\System32\\cmd.exe", e.ProcessName);
        Assert.Equal("cmd.exe /c whoami", e.CommandLine);
        Assert.Equal("C:\\Windows\\explorer.exe", e.ParentProcessName);
        Assert.Equal("Sysmon 1: process create (technique_id=T1033)", e.RuleName);
        Assert.Equal("1", e.Action);
        Assert.Equal(new DateTimeOffset(2026, 5, 14, 8, 1, 12, TimeSpan.Zero).AddTicks(1_234_567), e.Timestamp);
        Assert.False(e.TimestampIsFallback);
    }

    [Fact]
    public void Fields_carry_the_names_sigma_rules_use_beside_the_raw_paths()
    {
        var e = Parsed(SysmonEvent(ProcessData));

        Assert.Equal("cmd.exe /c whoami", e.Fields["CommandLine"]);
        Assert.Equal("1", e.Fields["EventID"]);
        Assert.Equal("Microsoft-Windows-Sysmon/Operational", e.Fields["Channel"]);
        Assert.Equal("Microsoft-Windows-Sysmon", e.Fields["Provider_Name"]);
        Assert.Equal("WS-LAB-04.lab.example", e.Fields["Computer"]);
        Assert.Equal("10421", e.Fields["EventRecordID"]);
        Assert.Equal("3112", e.Fields["Execution_ProcessID"]);
        Assert.Equal("S-1-5-18", e.Fields["Security_UserID"]);
        Assert.Equal("2026-05-14T08:01:12.1234567Z", e.Fields["TimeCreated"]);
        Assert.Equal("cmd.exe /c whoami", e.Fields["Event.EventData.CommandLine"]);
    }

    [Fact]
    public void Data_as_a_list_of_named_items_reads_like_data_as_an_object()
    {
        var listed = Parsed(SysmonEvent("""
            {"Data":[
              {"#attributes":{"Name":"Image"},"#text":"C:\\Windows\\System32\\cmd.exe"},
              {"#attributes":{"Name":"CommandLine"},"#text":"cmd.exe /c whoami"},
              {"#attributes":{"Name":"User"},"#text":"LAB\\k.ito"}]}
            """));
        var named = Parsed(SysmonEvent("""{"Data":{"Image":"C:\\Windows\\System32\\cmd.exe","CommandLine":"cmd.exe /c whoami","User":"LAB\\k.ito"}}"""));

        foreach (var e in new[] { listed, named })
        {
            Assert.Equal(("C:\\Windows\\System32\\cmd.exe", "cmd.exe /c whoami", "LAB\\k.ito"), (e.ProcessName, e.CommandLine, e.User));
            Assert.Equal("cmd.exe /c whoami", e.Fields["CommandLine"]);
        }
    }

    [Fact]
    public void A_single_data_item_and_unnamed_items_are_kept()
    {
        var single = Parsed("""{"Event":{"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Security-Auditing"}},"EventID":"4672","Channel":"Security","Computer":"DC-LAB-01"},"EventData":{"Data":{"#attributes":{"Name":"SubjectUserName"},"#text":"k.ito"}}}}""");
        var unnamed = Parsed("""{"Event":{"System":{"Provider":"Application Error","EventID":1000,"Channel":"Application","Computer":"WS-LAB-04"},"EventData":{"Data":["app.exe","10.0.1"]}}}""");

        Assert.Equal("k.ito", single.User);
        Assert.Equal("Security 4672: special privileges assigned to logon", single.RuleName);
        Assert.Equal(("app.exe", "10.0.1"), (unnamed.Fields["Data_0"], unnamed.Fields["Data_1"]));
        Assert.Equal("Application Error", unnamed.Fields["Provider_Name"]);
    }

    [Theory]
    [InlineData("7045")]
    [InlineData("\"7045\"")]
    [InlineData("""{"#attributes":{"Qualifiers":16384},"#text":7045}""")]
    [InlineData("""{"Qualifiers":"16384","#text":"7045"}""")]
    public void The_event_id_is_read_as_a_number_a_string_or_an_element_with_qualifiers(string eventId)
    {
        var e = Parsed("""{"Event":{"System":{"Provider":{"#attributes":{"Name":"Service Control Manager"}},"EventID":ID,"Channel":"System","Computer":"WS-LAB-04"},"EventData":{"ServiceName":"UpdSvc","ImagePath":"C:\\Temp\\svc-upd.exe --svc"}}}"""
            .Replace(":ID,", ":" + eventId + ",", StringComparison.Ordinal));

        Assert.Equal("System 7045: service installed", e.RuleName);
        Assert.Equal("7045", e.Fields["EventID"]);
        Assert.Equal("C:\\Temp\\svc-upd.exe --svc", e.CommandLine);
    }

    [Fact]
    public void User_data_is_flattened_to_its_field_names()
    {
        var e = Parsed("""
            {"Event":{"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Eventlog"}},"EventID":1102,"Channel":"Security","Computer":"WS-LAB-04","EventRecordID":88120},
             "UserData":{"LogFileCleared":{"#attributes":{"xmlns":"http://manifests.microsoft.com/win/2004/08/windows/eventlog"},"SubjectUserName":"k.ito","SubjectDomainName":"LAB"}}}}
            """);

        Assert.Equal("LAB\\k.ito", e.User);
        Assert.Equal("k.ito", e.Fields["SubjectUserName"]);
        Assert.Equal("Security 1102: audit log cleared", e.RuleName);
        Assert.DoesNotContain(e.Fields.Keys, k => k.StartsWith("#attributes", StringComparison.Ordinal));
    }

    [Fact]
    public void Logon_failures_map_the_target_account_and_the_client_address()
    {
        var e = Parsed("""{"Event":{"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Security-Auditing"}},"EventID":4625,"Channel":"Security","Computer":"DC-LAB-01"},"EventData":{"TargetUserName":"svc_sql","TargetDomainName":"LAB","IpAddress":"198.51.100.23","IpPort":"50114","SubjectUserName":"-"}}}""");

        Assert.Equal(("LAB\\svc_sql", "198.51.100.23", 50114), (e.User, e.SourceAddress, e.SourcePort));
        Assert.Equal("Security 4625: failed logon", e.RuleName);
    }

    [Fact]
    public void The_id_is_provider_channel_record_id_and_computer_so_a_replay_keeps_it()
    {
        var record = SysmonEvent(ProcessData);
        var withoutRecordId = Parsed("""{"Event":{"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Sysmon"}},"EventID":5,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"WS-LAB-04"},"EventData":{"Image":"a.exe"}}}""");

        Assert.Equal("Microsoft-Windows-Sysmon:Microsoft-Windows-Sysmon/Operational:10421:WS-LAB-04.lab.example", Parsed(record).Id);
        Assert.Equal(Parsed(record).Id, Parsed(record.Replace("cmd.exe /c whoami", "changed", StringComparison.Ordinal)).Id);
        Assert.Matches("^[0-9a-f]{32}$", withoutRecordId.Id);
    }
}
