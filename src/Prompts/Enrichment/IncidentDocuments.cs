using Llama3Siem.Prompts.Verification;

namespace Llama3Siem.Prompts.Enrichment;

/// <summary>Builds the stored document from deterministic findings and, when a model ran, its verified output.</summary>
public static class IncidentDocuments
{
    /// <summary>The document of an incident without a model narrative: rule-based facts only.</summary>
    public static EnrichedIncident Deterministic(IncidentFindings findings, string narrativeStatus, EnrichmentProvenance provenance) =>
        new()
        {
            Id = findings.Incident.Id,
            FirstSeen = findings.Incident.FirstSeen,
            LastSeen = findings.Incident.LastSeen,
            Severity = findings.Severity.ToName(),
            Summary = findings.Summary,
            NarrativeStatus = narrativeStatus,
            Events = findings.Incident.Events.Select(e => e.Id).ToList(),
            Hosts = findings.Hosts,
            Users = findings.Users,
            Addresses = findings.Addresses,
            Iocs = findings.Iocs,
            Techniques = findings.Techniques
                .Select(t => IncidentTechnique.Detected(t, findings.TechniqueNames.GetValueOrDefault(t.TechniqueId)))
                .ToList(),
            Rules = findings.RuleHits.Select(hit => IncidentRule.Of(hit.Rule, hit.EventIds)).ToList(),
            Mitigations = findings.Mitigations,
            Injection = findings.Injection,
            Provenance = provenance,
        };

    /// <summary>The document with the model's verified narrative, IOCs, techniques and rationales merged in.</summary>
    public static EnrichedIncident Generated(IncidentFindings findings, VerifiedEnrichment verified, EnrichmentProvenance provenance) =>
        Deterministic(findings, NarrativeStatus.Generated, provenance) with
        {
            Severity = verified.Severity.ToName(),
            Narrative = verified.Narrative,
            Confidence = verified.Confidence,
            Iocs = verified.Iocs,
            Techniques = verified.Techniques,
            Mitigations = verified.Mitigations,
            Verification = verified.Counts,
        };
}
