using System.Diagnostics;
using System.Text.Json;
using Llama3Siem.Prompts.Events;
using static Llama3Siem.Prompts.Tests.Events.EventParsing;

namespace Llama3Siem.Prompts.Tests.Events;

public sealed class WindowsEventXmlNormaliserTests
{
    private const string Xml = """
        <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Security-Auditing" Guid="{54849625-5478-4994-A5BA-3E3B0328C30D}"/><EventID>4688</EventID><Level>0</Level><TimeCreated SystemTime="2026-05-14T08:01:12.1300000Z"/><EventRecordID>88110</EventRecordID><Correlation/><Execution ProcessID="4" ThreadID="88"/><Channel>Security</Channel><Computer>WS-LAB-04.lab.example</Computer><Security/></System><EventData><Data Name="SubjectUserName">k.ito</Data><Data Name="SubjectDomainName">LAB</Data><Data Name="NewProcessName">C:\Windows\System32\cmd.exe</Data><Data Name="CommandLine">cmd.exe /c echo a &amp;&amp; whoami</Data><Data Name="ParentProcessName">C:\Windows\explorer.exe</Data></EventData></Event>
        """;

    private static string Wrapped(string field, string xml) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["@timestamp"] = "2026-05-14T08:01:13Z", [field] = xml });

    [Theory]
    [InlineData("xml")]
    [InlineData("event.original")]
    [InlineData("message")]
    public void Rendered_xml_in_a_string_field_reads_like_raw_json(string field)
    {
        var e = Parsed(Wrapped(field, Xml));

        Assert.Equal(EventFormats.Windows, e.Format);
        Assert.Equal("WS-LAB-04.lab.example", e.Host);
        Assert.Equal("LAB\\k.ito", e.User);
        Assert.Equal("C:\\Windows\\System32\\cmd.exe", e.ProcessName);
        Assert.Equal("cmd.exe /c echo a && whoami", e.CommandLine);
        Assert.Equal("C:\\Windows\\explorer.exe", e.ParentProcessName);
        Assert.Equal("Security 4688: process create", e.RuleName);
        Assert.Equal(new DateTimeOffset(2026, 5, 14, 8, 1, 12, 130, TimeSpan.Zero), e.Timestamp);
        Assert.Equal("Microsoft-Windows-Security-Auditing:Security:88110:WS-LAB-04.lab.example", e.Id);
        Assert.Equal(("4688", "88", "k.ito"), (e.Fields["EventID"], e.Fields["Execution_ThreadID"], e.Fields["SubjectUserName"]));
    }

    [Fact]
    public void A_bare_line_of_event_xml_is_an_event()
    {
        Assert.Equal("Security 4688: process create", Parsed(Xml).RuleName);
    }

    [Fact]
    public void User_data_and_the_rendered_message_become_fields()
    {
        var e = Parsed(Wrapped("xml", """<Event><System><Provider Name="Microsoft-Windows-Eventlog"/><EventID>1102</EventID><Channel>Security</Channel><Computer>WS-LAB-04</Computer></System><UserData><LogFileCleared xmlns="x"><SubjectUserName>k.ito</SubjectUserName><SubjectDomainName>LAB</SubjectDomainName></LogFileCleared></UserData><RenderingInfo Culture="en-US"><Message>The audit log was cleared.</Message></RenderingInfo></Event>"""));

        Assert.Equal("LAB\\k.ito", e.User);
        Assert.Equal("The audit log was cleared.", e.Message);
        Assert.Equal("Security 1102: audit log cleared", e.RuleName);
        Assert.Equal(new DateTimeOffset(2026, 5, 14, 8, 1, 13, TimeSpan.Zero), e.Timestamp);
    }

    [Fact]
    public void Entity_expansion_is_refused_quickly_with_a_reason_that_quotes_nothing()
    {
        var bomb = """<?xml version="1.0"?><!DOCTYPE Event [<!ENTITY a "secretsecretsecret"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Event><System><EventID>&c;</EventID></System></Event>""";
        var stopwatch = Stopwatch.StartNew();

        var reason = Rejection(Wrapped("xml", bomb));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1));
        Assert.Equal("Windows event XML refused: a DTD is not allowed", reason);
    }

    [Fact]
    public void Broken_xml_and_xml_without_a_system_element_are_refused_by_position_only()
    {
        Assert.Equal("Windows event XML refused: not well formed at line 1, position 41",
            Rejection(Wrapped("xml", "<Event><System><EventID>4688</EventID></Syste secret")));
        Assert.Equal("Windows event XML refused: no System element",
            Rejection(Wrapped("xml", "<Event><EventData><Data Name=\"a\">secret</Data></EventData></Event>")));
    }

    [Fact]
    public void Winlogbeat_records_carrying_the_xml_keep_their_ecs_reading()
    {
        var e = Parsed(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["@timestamp"] = "2026-05-14T08:01:13Z",
            ["event"] = new Dictionary<string, string> { ["code"] = "4688", ["original"] = Xml },
            ["winlog"] = new Dictionary<string, string> { ["channel"] = "Security" },
        }));

        Assert.Equal(EventFormats.Ecs, e.Format);
    }
}
