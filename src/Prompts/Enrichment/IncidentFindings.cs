using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Knowledge;

namespace Llama3Siem.Prompts.Enrichment;

/// <summary>
/// What deterministic analysis established about an incident, before any model ran: IOCs with their
/// evidence, techniques from detection rules, mapped mitigations, a rule-based severity and a factual summary.
/// </summary>
public sealed record IncidentFindings
{
    public required Incident Incident { get; init; }
    public required IReadOnlyList<IncidentIoc> Iocs { get; init; }
    public required IReadOnlyList<DetectedTechnique> Techniques { get; init; }

    /// <summary>Every detection rule that fired, most serious first, including rules with no ATT&amp;CK tag.</summary>
    public IReadOnlyList<RuleHit> RuleHits { get; init; } = [];
    public required IReadOnlyList<IncidentMitigation> Mitigations { get; init; }
    public required Severity Severity { get; init; }
    public required string Summary { get; init; }
    public required IReadOnlyList<string> Hosts { get; init; }
    public required IReadOnlyList<string> Users { get; init; }
    public required IReadOnlyList<string> Addresses { get; init; }

    /// <summary>Text addressed to an automated analyst in the events (fields and kinds), or null when none.</summary>
    public IncidentInjection? Injection { get; init; }

    /// <summary>Names of the detected techniques, from the knowledge base the analysis used.</summary>
    public IReadOnlyDictionary<string, string> TechniqueNames { get; init; } = new Dictionary<string, string>();
}
