namespace Llama3Siem.Prompts.Knowledge.Import;

/// <summary>The Enterprise techniques read from ATT&amp;CK STIX, in table order.</summary>
/// <param name="Version">The ATT&amp;CK release (<c>18.1</c>), or <c>unknown</c>.</param>
/// <param name="SpecVersion">The ATT&amp;CK data-model version the objects declare, when they do.</param>
/// <param name="OtherDomainIds">Ids of attack-patterns from other matrices (Mobile, ICS), left out of the table.</param>
internal sealed record AttackCatalog(
    IReadOnlyList<AttackTechnique> Techniques,
    string Version,
    string? SpecVersion,
    IReadOnlySet<string> OtherDomainIds,
    IReadOnlyList<string> Warnings);
