using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Tests.Events;
using static Llama3Siem.Prompts.Tests.Detection.Sigma.SigmaTesting;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>Logsources and field names against events as the parser makes them from each source's shape.</summary>
public sealed class SigmaLogsourceTests
{
    private static readonly SigmaRule EncodedPowerShell = ProcessCreationRule("""
            selection:
                Image|endswith: '\powershell.exe'
                CommandLine|contains: ' -enc '
                ParentImage|endswith: '\winword.exe'
            condition: selection
        """);

    [Fact]
    public void A_process_creation_rule_matches_a_raw_sysmon_record_and_not_another_sysmon_event()
    {
        var created = EventParsing.Parsed("""
            {"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","SourceName":"Microsoft-Windows-Sysmon","Hostname":"WS1",
             "Image":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe","CommandLine":"powershell -enc SQBFAFgA",
             "ParentImage":"C:\\Program Files\\Microsoft Office\\WINWORD.EXE","TimeCreated":"2026-03-01T09:00:00Z"}
            """);
        var accessed = EventParsing.Parsed("""
            {"EventID":10,"Channel":"Microsoft-Windows-Sysmon/Operational","SourceName":"Microsoft-Windows-Sysmon","Hostname":"WS1",
             "Image":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe","CommandLine":"powershell -enc SQBFAFgA",
             "ParentImage":"C:\\Program Files\\Microsoft Office\\WINWORD.EXE","TimeCreated":"2026-03-01T09:00:00Z"}
            """);

        Assert.True(Matches(EncodedPowerShell, created));
        Assert.False(Matches(EncodedPowerShell, accessed));
    }

    [Fact]
    public void Security_4688_is_a_process_creation_with_its_own_field_names()
    {
        var e = EventParsing.Parsed("""
            {"EventID":4688,"Channel":"Security","Hostname":"WS1","NewProcessName":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
             "CommandLine":"powershell -enc SQBFAFgA","ParentProcessName":"C:\\Office\\winword.exe","TimeCreated":"2026-03-01T09:00:00Z"}
            """);

        Assert.True(Matches(EncodedPowerShell, e));
    }

    [Fact]
    public void A_winlogbeat_ecs_document_matches_through_its_event_data_and_ecs_names()
    {
        var e = EventParsing.Parsed("""
            {"@timestamp":"2026-03-01T09:00:00Z","event":{"code":"1","kind":"event"},"host":{"name":"WS1"},
             "winlog":{"channel":"Microsoft-Windows-Sysmon/Operational","event_id":"1","provider_name":"Microsoft-Windows-Sysmon",
               "event_data":{"ParentImage":"C:\\Office\\WINWORD.EXE"}},
             "process":{"executable":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe","command_line":"powershell -enc SQBFAFgA"}}
            """);

        Assert.True(Matches(EncodedPowerShell, e));
    }

    [Fact]
    public void An_endpoint_agent_ecs_process_start_on_windows_is_a_process_creation_and_its_end_is_not()
    {
        const string Start = """
            {"@timestamp":"2026-03-01T09:00:00Z","event":{"category":["process"],"type":["start"],"action":"start","kind":"event"},
             "host":{"name":"WS1","os":{"type":"windows"}},
             "process":{"executable":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe","command_line":"powershell -enc SQBFAFgA",
               "parent":{"executable":"C:\\Office\\WINWORD.EXE"}}}
            """;

        Assert.True(Matches(EncodedPowerShell, EventParsing.Parsed(Start)));
        Assert.False(Matches(EncodedPowerShell, EventParsing.Parsed(Start.Replace("\"start\"", "\"end\"", StringComparison.Ordinal))));
        Assert.False(Matches(EncodedPowerShell, EventParsing.Parsed(Start
            .Replace("\"windows\"", "\"linux\"", StringComparison.Ordinal)
            .Replace("C:\\\\", "/opt/", StringComparison.Ordinal))));
    }

    [Fact]
    public void A_service_logsource_is_the_event_log_channel()
    {
        var rule = SigmaRule.Parse("""
            title: Audit log cleared
            logsource:
                product: windows
                service: security
            detection:
                selection:
                    EventID: 1102
                condition: selection
            """);

        Assert.True(Matches(rule, EventParsing.Parsed("""{"EventID":1102,"Channel":"Security","Hostname":"DC1","TimeCreated":"2026-03-01T09:00:00Z"}""")));
        Assert.False(Matches(rule, EventParsing.Parsed("""{"EventID":1102,"Channel":"System","Hostname":"DC1","TimeCreated":"2026-03-01T09:00:00Z"}""")));
    }

    [Fact]
    public void A_cloudtrail_rule_matches_cloudtrail_records_by_their_own_field_names()
    {
        var rule = SigmaRule.Parse("""
            title: CloudTrail logging stopped
            logsource:
                product: aws
                service: cloudtrail
            detection:
                selection:
                    eventSource: cloudtrail.amazonaws.com
                    eventName:
                        - StopLogging
                        - DeleteTrail
                condition: selection
            """);

        Assert.True(Matches(rule, EventParsing.Parsed("""
            {"eventVersion":"1.08","eventTime":"2026-03-02T11:40:12Z","eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging",
             "eventID":"e1","userIdentity":{"type":"IAMUser","userName":"mallory"}}
            """)));
        Assert.False(Matches(rule, EventParsing.Parsed("""
            {"eventVersion":"1.08","eventTime":"2026-03-02T11:40:12Z","eventSource":"cloudtrail.amazonaws.com","eventName":"LookupEvents",
             "eventID":"e2","userIdentity":{"type":"IAMUser","userName":"mallory"}}
            """)));
        Assert.False(Matches(rule, Process(("eventSource", "cloudtrail.amazonaws.com"), ("eventName", "StopLogging"))));
    }

    [Fact]
    public void A_suricata_service_is_the_eve_event_type()
    {
        var rule = SigmaRule.Parse("""
            title: Trojan alert
            logsource:
                product: suricata
                service: alert
            detection:
                selection:
                    alert.category: A Network Trojan was detected
                condition: selection
            """);
        const string Alert = """
            {"timestamp":"2026-03-02T09:02:20.181007+0000","event_type":"alert","src_ip":"10.20.1.57","src_port":51600,
             "dest_ip":"185.234.72.19","dest_port":443,"proto":"TCP",
             "alert":{"signature":"LOCAL MALWARE Periodic TLS beacon","category":"A Network Trojan was detected","severity":1}}
            """;

        Assert.True(Matches(rule, EventParsing.Parsed(Alert)));
        Assert.False(Matches(rule, EventParsing.Parsed(Alert.Replace("\"event_type\":\"alert\"", "\"event_type\":\"anomaly\"", StringComparison.Ordinal))));
        Assert.False(Matches(rule, Process(("event_type", "alert"), ("alert.category", "A Network Trojan was detected"))));
    }

    [Fact]
    public void A_suricata_rule_without_a_service_reads_every_eve_record()
    {
        var rule = SigmaRule.Parse("""
            title: Traffic to the C2 address
            logsource:
                product: suricata
            detection:
                selection:
                    dest_ip: 185.234.72.19
                condition: selection
            """);

        Assert.True(Matches(rule, EventParsing.Parsed("""
            {"timestamp":"2026-03-02T09:02:20.181007+0000","event_type":"flow","src_ip":"10.20.1.57","src_port":51600,
             "dest_ip":"185.234.72.19","dest_port":443,"proto":"TCP"}
            """)));
    }

    [Fact]
    public void A_field_missing_from_the_record_falls_back_to_the_normalised_property()
    {
        var e = Process() with { CommandLine = "powershell -enc SQBFAFgA" };
        var rule = ProcessCreationRule("""
                selection:
                    CommandLine|contains: '-enc'
                condition: selection
            """);

        Assert.True(Matches(rule, e));
    }
}
