using Llama3Siem.Prompts.Enrichment;

namespace Llama3Siem.Prompts.Verification;

/// <summary>The model's output after verification: only what survived, merged with the deterministic findings.</summary>
public sealed record VerifiedEnrichment(
    string Narrative,
    Severity Severity,
    double Confidence,
    IReadOnlyList<IncidentIoc> Iocs,
    IReadOnlyList<IncidentTechnique> Techniques,
    IReadOnlyList<IncidentMitigation> Mitigations,
    VerificationCounts Counts);
