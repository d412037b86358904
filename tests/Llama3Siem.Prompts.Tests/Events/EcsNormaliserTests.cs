using Llama3Siem.Prompts.Events;
using static Llama3Siem.Prompts.Tests.Events.EventParsing;

namespace Llama3Siem.Prompts.Tests.Events;

public sealed class EcsNormaliserTests
{
    private const string Nested = """
        {"@timestamp":"2026-03-02T09:14:05.123Z","event":{"id":"evt-7781","action":"network-connection","code":"3","kind":"event"},
         "host":{"name":"ws-fin-07","hostname":"WS-FIN-07"},"user":{"name":"jdoe","domain":"CORP"},
         "source":{"ip":"10.20.1.57","port":49822},"destination":{"ip":"185.199.45.12","port":443},
         "process":{"name":"powershell.exe","executable":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
           "command_line":"powershell.exe -nop -w hidden","parent":{"name":"cmd.exe","executable":"C:\\Windows\\System32\\cmd.exe"}},
         "rule":{"name":"Outbound PowerShell"},"message":"PowerShell connected out","tags":["edr","win"]}
        """;

    private const string Dotted = """
        {"@timestamp":"2026-03-02T09:14:05.123Z","event.id":"evt-7781","event.action":"network-connection","event.code":"3","event.kind":"event",
         "host.name":"ws-fin-07","host.hostname":"WS-FIN-07","user.name":"jdoe","user.domain":"CORP",
         "source.ip":"10.20.1.57","source.port":49822,"destination.ip":"185.199.45.12","destination.port":443,
         "process.name":"powershell.exe","process.executable":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
         "process.command_line":"powershell.exe -nop -w hidden","process.parent.name":"cmd.exe","process.parent.executable":"C:\\Windows\\System32\\cmd.exe",
         "rule.name":"Outbound PowerShell","message":"PowerShell connected out","tags":["edr","win"]}
        """;

    [Fact]
    public void Nested_ecs_maps_every_common_member()
    {
        var e = Parsed(Nested);

        Assert.Equal(EventFormats.Ecs, e.Format);
        Assert.Equal("evt-7781", e.Id);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 14, 5, 123, TimeSpan.Zero), e.Timestamp);
        Assert.False(e.TimestampIsFallback);
        Assert.Equal("ws-fin-07", e.Host);
        Assert.Equal("CORP\\jdoe", e.User);
        Assert.Equal(("10.20.1.57", 49822), (e.SourceAddress, e.SourcePort));
        Assert.Equal(("185.199.45.12", 443), (e.DestinationAddress, e.DestinationPort));
        Assert.Equal("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", e.ProcessName);
        Assert.Equal("powershell.exe -nop -w hidden", e.CommandLine);
        Assert.Equal("C:\\Windows\\System32\\cmd.exe", e.ParentProcessName);
        Assert.Equal("Outbound PowerShell", e.RuleName);
        Assert.Equal("network-connection", e.Action);
        Assert.Equal("PowerShell connected out", e.Message);
    }

    [Fact]
    public void Dotted_keys_read_exactly_like_nested_objects()
    {
        var nested = Parsed(Nested);
        var dotted = Parsed(Dotted);

        Assert.Equal(nested with { Fields = dotted.Fields }, dotted);
        Assert.Equal(nested.Fields.OrderBy(f => f.Key), dotted.Fields.OrderBy(f => f.Key));
    }

    [Fact]
    public void Fields_hold_every_scalar_verbatim_with_dotted_names_and_array_indexes()
    {
        var e = Parsed(Nested);

        Assert.Equal("49822", e.Fields["source.port"]);
        Assert.Equal("edr", e.Fields["tags.0"]);
        Assert.Equal("win", e.Fields["tags.1"]);
        Assert.Equal("cmd.exe", e.Fields["process.parent.name"]);
        Assert.Equal("2026-03-02T09:14:05.123Z", e.Fields["@timestamp"]);
    }

    [Fact]
    public void Host_hostname_and_the_action_code_are_fallbacks()
    {
        var e = Parsed("""{"@timestamp":"2026-03-02T10:00:00Z","event":{"code":"4624"},"host":{"hostname":"SRV-DC01"},"message":"An account was successfully logged on."}""");

        Assert.Equal("SRV-DC01", e.Host);
        Assert.Equal("4624", e.Action);
    }

    [Fact]
    public void Winlogbeat_event_data_fills_what_ecs_fields_leave_empty()
    {
        var e = Parsed("""
            {"@timestamp":"2026-03-02T10:01:00.000Z","event":{"code":"4624","action":"logged-in","provider":"Microsoft-Windows-Security-Auditing"},
             "host":{"name":"SRV-FILE02"},"winlog":{"channel":"Security","event_id":"4624","computer_name":"SRV-FILE02.corp.example",
             "event_data":{"TargetUserName":"svc_backup","TargetDomainName":"CORP","IpAddress":"10.20.1.57","IpPort":"50122","LogonType":"3",
             "ProcessName":"-","SubjectUserName":"-"}},"message":"An account was successfully logged on."}
            """);

        Assert.Equal(EventFormats.Ecs, e.Format);
        Assert.Equal("CORP\\svc_backup", e.User);
        Assert.Equal(("10.20.1.57", 50122), (e.SourceAddress, e.SourcePort));
        Assert.Null(e.ProcessName);
        Assert.Equal("Security 4624: logon", e.RuleName);
        Assert.Equal("logged-in", e.Action);
    }

    [Fact]
    public void Without_event_id_the_id_is_the_content_hash()
    {
        const string record = """{"@timestamp":"2026-03-02T10:00:00Z","host":{"name":"web-01"},"message":"GET /login 200"}""";

        var e = Parsed(record);

        Assert.Equal(EventFormats.Ecs, e.Format);
        Assert.Equal(EventParser.ContentId(System.Text.Encoding.UTF8.GetBytes(record)), e.Id);
    }

    [Fact]
    public void Filebeat_log_lines_with_ecs_version_are_ecs()
    {
        var e = Parsed("""{"@timestamp":"2026-03-02T10:00:00Z","ecs":{"version":"8.11.0"},"log":{"file":{"path":"/var/log/auth.log"}},"message":"sshd[812]: Failed password for root"}""");

        Assert.Equal(EventFormats.Ecs, e.Format);
        Assert.Equal("sshd[812]: Failed password for root", e.Message);
        Assert.Equal("/var/log/auth.log", e.Fields["log.file.path"]);
    }
}
