namespace Llama3Siem.Prompts.Knowledge.Import;

/// <summary>What an import wrote and what it had to leave out.</summary>
public sealed record KnowledgeImportResult
{
    /// <summary>The ATT&amp;CK release of the technique table, or <c>unknown</c>.</summary>
    public required string AttackVersion { get; init; }

    /// <summary>The ATT&amp;CK data-model version the STIX objects declare, when they do.</summary>
    public string? AttackSpecVersion { get; init; }

    /// <summary>The ATT&amp;CK release the CTID mapping was made against.</summary>
    public required string MappingVersion { get; init; }

    /// <summary>The NIST SP 800-53 revision of the mapping (<c>rev5</c>).</summary>
    public required string FrameworkVersion { get; init; }

    public required int Techniques { get; init; }

    public required int ActiveTechniques { get; init; }

    /// <summary>Revoked or deprecated techniques: kept in the table so that old ids are recognised and refused.</summary>
    public required int RevokedTechniques { get; init; }

    public required int Controls { get; init; }

    /// <summary>Techniques with at least one mitigating control: the rows of the mapping table.</summary>
    public required int MappedTechniques { get; init; }

    /// <summary>Technique-control pairs in the mapping table.</summary>
    public required int MappingRows { get; init; }

    public required int MappingObjects { get; init; }

    public required int NonMappableObjects { get; init; }

    /// <summary>Mapped ids that are not Enterprise techniques in the ATT&amp;CK input; left out of the mapping table.</summary>
    public required IReadOnlyList<string> UnknownTechniqueIds { get; init; }

    /// <summary>
    /// The subset of <see cref="UnknownTechniqueIds"/> that the STIX input knows from another matrix (Mobile, ICS).
    /// An Enterprise-only bundle cannot tell these apart, so they then stay merely unknown.
    /// </summary>
    public required IReadOnlyList<string> OtherDomainTechniqueIds { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }
}
