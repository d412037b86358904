using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Knowledge;
using static Llama3Siem.Prompts.Tests.Detection.Sigma.SigmaTesting;

namespace Llama3Siem.Prompts.Tests.Detection;

/// <summary>Fired Sigma rules become techniques through their ATT&amp;CK tags, with the rules and events behind them.</summary>
public sealed class DetectionEngineTests
{
    private static SigmaRule Rule(string id, string level, string image, params string[] tags) => SigmaRule.Parse($"""
        title: Runs {image}
        id: {id}
        level: {level}
        tags: [{string.Join(", ", tags)}]
        logsource:
            product: windows
            category: process_creation
        detection:
            selection:
                Image|endswith: '\{image}'
            condition: selection
        """);

    private static DetectionEngine Engine(params SigmaRule[] rules) => new(new SigmaLoadResult(rules, []), ThreatKnowledge.BuiltIn);

    [Fact]
    public void A_fired_rule_gives_the_technique_of_its_tag_with_its_events_and_itself()
    {
        var engine = Engine(Rule("r-whoami", "medium", "whoami.exe", "attack.discovery", "attack.t1033"));
        var evt = Process(("Image", @"C:\Windows\System32\whoami.exe"));

        var detected = engine.Detect([evt, Process(("Image", @"C:\Windows\notepad.exe"))]);

        var technique = Assert.Single(detected.Techniques);
        Assert.Equal("T1033", technique.TechniqueId);
        Assert.Equal([evt.Id], technique.EventIds);
        Assert.Equal(new RuleReference("r-whoami", "Runs whoami.exe", "medium"), Assert.Single(technique.Rules));
        Assert.Equal(["T1033"], Assert.Single(detected.Hits).TechniqueIds);
    }

    [Fact]
    public void A_rule_tagged_with_a_newer_attack_id_reaches_the_technique_it_moved_from()
    {
        var engine = Engine(Rule("r-tamper", "high", "fltmc.exe", "attack.defense-impairment", "attack.t1685"));

        var detected = engine.Detect([Process(("Image", @"C:\Windows\System32\fltmc.exe"))]);

        Assert.Equal("T1562.001", Assert.Single(detected.Techniques).TechniqueId);
    }

    [Fact]
    public void A_rule_with_no_known_technique_still_fires_and_is_reported_without_one()
    {
        var engine = Engine(
            Rule("r-untagged", "high", "evil.exe", "attack.execution"),
            Rule("r-revoked", "low", "evil.exe", "attack.t1574.002"));

        var detected = engine.Detect([Process(("Image", @"C:\Temp\evil.exe"))]);

        Assert.Empty(detected.Techniques);
        Assert.Equal(["r-untagged", "r-revoked"], detected.Hits.Select(h => h.Rule.Id));
        Assert.All(detected.Hits, hit => Assert.Empty(hit.TechniqueIds));
    }

    [Fact]
    public void Rules_of_one_technique_merge_most_serious_first_with_the_union_of_their_events()
    {
        var engine = Engine(
            Rule("r-low", "low", "psexec.exe", "attack.t1569.002"),
            Rule("r-critical", "critical", "psexesvc.exe", "attack.t1569.002"));
        var client = Process(("Image", @"C:\Tools\psexec.exe"));
        var service = Process(("Image", @"C:\Windows\PSEXESVC.exe"));

        var detected = engine.Detect([client, service]);

        var technique = Assert.Single(detected.Techniques);
        Assert.Equal(["r-critical", "r-low"], technique.Rules.Select(r => r.Id));
        Assert.Equal(new[] { client.Id, service.Id }.Order(StringComparer.Ordinal), technique.EventIds);
        Assert.Equal(["r-critical", "r-low"], detected.Hits.Select(h => h.Rule.Id));
    }

    [Fact]
    public void Nothing_fired_is_no_detection() =>
        Assert.Same(IncidentDetection.None, Engine(Rule("r", "high", "a.exe", "attack.t1059")).Detect([Process(("Image", "b.exe"))]));

    [Fact]
    public void Rules_for_a_technique_lists_the_rules_whose_tags_stand_for_it()
    {
        var engine = Engine(
            Rule("r-a", "low", "a.exe", "attack.t1685"),
            Rule("r-b", "high", "b.exe", "attack.t1562.001"),
            Rule("r-c", "high", "c.exe", "attack.t1059"));

        Assert.Equal(["r-b", "r-a"], engine.RulesFor("t1562.001").Select(r => r.Id));
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public void A_built_in_correlation_fires_on_the_incident_and_its_base_rule_never_alone(int failures, bool fires)
    {
        var events = Enumerable.Range(0, failures).Select(i => FailedLogon(i)).ToList();

        var detected = DetectionEngine.BuiltIn.Detect(events);

        if (!fires)
        {
            Assert.Empty(detected.Hits);
            return;
        }

        var hit = Assert.Single(detected.Hits);
        Assert.Equal(["T1110"], hit.TechniqueIds);
        Assert.Equal(events.Select(e => e.Id).Order(StringComparer.Ordinal), hit.EventIds);
        Assert.Equal("T1110", Assert.Single(detected.Techniques).TechniqueId);
    }

    private static SecurityEvent FailedLogon(int i) => new()
    {
        Id = $"logon-{i}",
        Timestamp = new DateTimeOffset(2026, 3, 1, 9, i, 0, TimeSpan.Zero),
        Format = EventFormats.Windows,
        Fields = new Dictionary<string, string>
        {
            ["EventID"] = "4625",
            ["Channel"] = "Security",
            ["Hostname"] = "DC-01",
            ["TargetUserName"] = "administrator",
            ["LogonType"] = "3",
        },
    };
}
