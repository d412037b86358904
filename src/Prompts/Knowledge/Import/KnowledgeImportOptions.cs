namespace Llama3Siem.Prompts.Knowledge.Import;

/// <summary>Where the official files are and where the rebuilt tables go.</summary>
/// <param name="CtidMappingPath">A CTID Mappings Explorer ATT&amp;CK to NIST SP 800-53 JSON file.</param>
/// <param name="AttackStixPath">An ATT&amp;CK Enterprise STIX bundle file, or a directory of per-object bundle files.</param>
/// <param name="OutputDirectory">Receives the three tables; created when missing, existing tables are replaced.</param>
public sealed record KnowledgeImportOptions(string CtidMappingPath, string AttackStixPath, string OutputDirectory)
{
    /// <summary>
    /// The ATT&amp;CK release to record (<c>18.1</c>) when the STIX input does not say: the per-object files of
    /// mitre/cti carry no collection object. Overrides the collection's version when set.
    /// </summary>
    public string? AttackVersion { get; init; }
}
