namespace Llama3Siem.Worker.Configuration;

/// <summary>Which knowledge base to trust. Section <c>Knowledge</c>.</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>
    /// A folder written by <c>kb import</c> (attack-techniques.tsv, nist-controls.tsv, technique-controls.tsv).
    /// Empty (the default): the tables built into the program (ATT&amp;CK v18.1, CTID mapping for ATT&amp;CK 16.1).
    /// </summary>
    public string? Path { get; set; }
}
