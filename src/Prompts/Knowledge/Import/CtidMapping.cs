namespace Llama3Siem.Prompts.Knowledge.Import;

/// <summary>The controls and the technique-to-controls mapping read from a CTID Mappings Explorer file.</summary>
/// <param name="AttackVersion">The ATT&amp;CK release the mapping was made against.</param>
/// <param name="FrameworkVersion">The control catalogue revision (<c>rev5</c>).</param>
/// <param name="ControlsByTechnique">Canonical technique id to canonical control ids, controls in table order.</param>
internal sealed record CtidMapping(
    string AttackVersion,
    string FrameworkVersion,
    string LastUpdate,
    IReadOnlyList<NistControl> Controls,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ControlsByTechnique,
    int MappingObjects,
    int NonMappableObjects,
    IReadOnlyList<string> Warnings);
