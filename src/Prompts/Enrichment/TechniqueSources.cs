namespace Llama3Siem.Prompts.Enrichment;

/// <summary>Values of <see cref="IncidentTechnique.Source"/>: how a technique was found.</summary>
public static class TechniqueSources
{
    /// <summary>A Sigma rule's ATT&amp;CK tag (the built-in rules are Sigma rules too).</summary>
    public const string Sigma = "sigma";

    /// <summary>The hand-written rules of versions before the Sigma engine; documents they wrote still carry it.</summary>
    public const string Rule = "rule";

    public const string Model = "model";
}
