namespace Llama3Siem.Prompts.Enrichment;

/// <summary>Values of <see cref="IncidentTechnique.Source"/>: how a technique was found.</summary>
public static class TechniqueSources
{
    public const string Rule = "rule";
    public const string Model = "model";
}
