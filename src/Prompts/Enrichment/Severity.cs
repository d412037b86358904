namespace Llama3Siem.Prompts.Enrichment;

/// <summary>Incident severity, lowest first so that comparisons read naturally.</summary>
public enum Severity
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
