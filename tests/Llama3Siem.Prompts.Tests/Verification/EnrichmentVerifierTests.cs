using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Output;
using Llama3Siem.Prompts.Verification;

namespace Llama3Siem.Prompts.Tests.Verification;

public sealed class EnrichmentVerifierTests
{
    private static readonly IncidentFindings Findings = IncidentAnalyzer.Default.Analyze(Incident.FromEvents([
        TestEvents.Windows("e-dump", "1", @"C:\Windows\System32\rundll32.exe",
            @"rundll32.exe C:\windows\System32\comsvcs.dll, MiniDump 624 C:\Users\Public\out.dmp full", minute: 1),
        TestEvents.Windows("e-net", "3", @"C:\Windows\System32\rundll32.exe", minute: 2,
            fields: [("DestinationIp", "45.77.12.9"), ("DestinationHostname", "update-cdn-check.xyz")],
            message: "connection to 45.77.12.9 port 443 from 10.20.1.7; backup host 145.77.12.91"),
    ]));

    /// <summary>The prompt's event references for <see cref="Findings"/>.</summary>
    private static readonly Dictionary<string, string> Refs = new() { ["e1"] = "e-dump", ["e2"] = "e-net" };

    private static VerifiedEnrichment Verify(ModelEnrichment output) => EnrichmentVerifier.Default.Verify(Findings, output, Refs);

    private static ModelTechnique Cited(string id, params string[] events) => new(id, events.Length == 0 ? ["e2"] : events);

    private static ModelEnrichment Output(
        IReadOnlyList<ModelIoc>? iocs = null,
        IReadOnlyList<ModelTechnique>? techniques = null,
        IReadOnlyList<ModelMitigation>? mitigations = null,
        string severity = "high",
        double confidence = 0.8) =>
        new("Credential dumping then outbound traffic.", severity, iocs ?? [], techniques ?? [], mitigations ?? [], confidence);

    [Fact]
    public void An_ioc_that_does_not_occur_in_the_events_is_dropped_and_counted()
    {
        var verified = Verify(Output(iocs: [
            new ModelIoc("domain", "evil-c2.example.org", ["e1"]),
            new ModelIoc("ipv4", "45.77.12.9", ["e2"]),
        ]));

        Assert.Equal(1, verified.Counts.IocsDropped);
        Assert.DoesNotContain(verified.Iocs, i => i.Value == "evil-c2.example.org");
        Assert.Single(verified.Iocs, i => i.Value == "45.77.12.9");
    }

    [Fact]
    public void An_ioc_must_occur_as_a_whole_value_not_inside_a_longer_one()
    {
        var verified = Verify(Output(iocs: [new ModelIoc("ipv4", "45.77.12.91", ["e2"])]));

        Assert.Equal(1, verified.Counts.IocsDropped);
    }

    [Fact]
    public void Iocs_with_an_unknown_type_or_an_invalid_value_are_dropped()
    {
        var verified = Verify(Output(iocs: [
            new ModelIoc("hostname", "update-cdn-check.xyz", ["e2"]),
            new ModelIoc("ipv4", "999.1.1.1", ["e2"]),
            new ModelIoc("sha256", "not-a-hash", ["e1"]),
        ]));

        Assert.Equal(3, verified.Counts.IocsDropped);
        Assert.Equal(Findings.Iocs.Count, verified.Iocs.Count);
    }

    [Fact]
    public void Every_kept_ioc_occurs_in_each_of_its_evidence_events()
    {
        var verified = Verify(Output(iocs: [new ModelIoc("domain", "UPDATE-CDN-CHECK.XYZ", ["e1"])]));

        Assert.NotEmpty(verified.Iocs);
        foreach (var ioc in verified.Iocs)
        {
            Assert.NotEmpty(ioc.Evidence);
            foreach (var eventId in ioc.Evidence)
            {
                var evt = Findings.Incident.Events.Single(e => e.Id == eventId);
                Assert.Contains(IncidentAnalyzer.TextsOf(evt), text => text.Contains(ioc.Value, StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    [Fact]
    public void Unknown_and_revoked_technique_ids_are_dropped_and_valid_ones_kept_as_model_findings()
    {
        var verified = Verify(Output(techniques: [Cited("T9999"), Cited("T1574.002"), Cited("T1071.001"), Cited("T1003.001")]));

        Assert.Equal(2, verified.Counts.TechniquesDropped);
        var detected = verified.Techniques.Single(t => t.Id == "T1003.001");
        Assert.Equal(TechniqueSources.Sigma, detected.Source);
        Assert.NotEmpty(detected.Rules!);
        var added = verified.Techniques.Single(t => t.Id == "T1071.001");
        Assert.Equal(TechniqueSources.Model, added.Source);
        Assert.Equal("Web Protocols", added.Name);
    }

    [Fact]
    public void A_technique_the_model_adds_must_cite_events_of_the_incident_which_become_its_evidence()
    {
        var verified = Verify(Output(techniques: [Cited("T1071.001", "e2", "e1", "e9"), Cited("T1082", "e7"), new ModelTechnique("T1033", [])]));

        Assert.Equal(2, verified.Counts.TechniquesDropped);
        Assert.Equal(["e-dump", "e-net"], verified.Techniques.Single(t => t.Id == "T1071.001").Evidence);
        Assert.DoesNotContain(verified.Techniques, t => t.Id is "T1082" or "T1033");
    }

    [Fact]
    public void Mitigations_come_from_the_mapping_and_the_model_only_adds_rationales_for_mapped_controls()
    {
        var verified = Verify(Output(mitigations: [
            new ModelMitigation("PE-3", "Lock the server room."),
            new ModelMitigation("XX-99", "Made up."),
            new ModelMitigation("ac-02(4)", "Audit account use on WS-FIN-07."),
        ]));

        Assert.Equal(2, verified.Counts.MitigationsDropped);
        Assert.DoesNotContain(verified.Mitigations, m => m.Id.StartsWith("PE", StringComparison.Ordinal) || m.Id.StartsWith("XX", StringComparison.Ordinal));
        Assert.Equal("Audit account use on WS-FIN-07.", verified.Mitigations.Single(m => m.Id == "AC-2").Rationale);
        Assert.Equal(Findings.Mitigations.Select(m => m.Id), verified.Mitigations.Select(m => m.Id));
    }

    [Fact]
    public void Techniques_the_model_adds_extend_the_mapped_mitigations()
    {
        var verified = Verify(Output(techniques: [Cited("T1071.001")]));

        var fromAdded = verified.Mitigations.Where(m => m.Techniques.Contains("T1071.001")).ToList();
        Assert.NotEmpty(fromAdded);
        Assert.True(verified.Mitigations.Count >= Findings.Mitigations.Count);
    }

    [Theory]
    [InlineData("low", "high")]
    [InlineData("high", "high")]
    [InlineData("critical", "critical")]
    [InlineData("catastrophic", "high")]
    public void The_model_may_raise_the_rule_based_severity_but_never_lower_it(string proposed, string expected)
    {
        Assert.Equal("high", Findings.Severity.ToName());

        var verified = Verify(Output(severity: proposed));

        Assert.Equal(expected, verified.Severity.ToName());
    }

    [Theory]
    [InlineData(1.7, 1.0)]
    [InlineData(-0.2, 0.0)]
    [InlineData(double.NaN, 0.0)]
    [InlineData(0.35, 0.35)]
    public void Confidence_is_kept_within_zero_and_one(double proposed, double expected) =>
        Assert.Equal(expected, Verify(Output(confidence: proposed)).Confidence);
}
