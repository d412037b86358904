namespace Llama3Siem.Prompts.Enrichment;

/// <summary>Values of <see cref="EnrichedIncident.NarrativeStatus"/>.</summary>
public static class NarrativeStatus
{
    /// <summary>The model wrote the summary and narrative, and its output was verified.</summary>
    public const string Generated = "generated";

    /// <summary>No model was configured: the incident was enriched deterministically only.</summary>
    public const string NotGenerated = "not_generated";

    /// <summary>A model was configured but its output could not be used; the deterministic enrichment stands and can be redone.</summary>
    public const string Failed = "failed";
}
