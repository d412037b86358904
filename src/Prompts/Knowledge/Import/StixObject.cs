namespace Llama3Siem.Prompts.Knowledge.Import;

/// <summary>
/// The union of the fields read from ATT&amp;CK STIX objects: attack-patterns give the techniques, the
/// x-mitre-collection gives the release. Descriptions and the other large fields are never materialised.
/// </summary>
internal sealed record StixObject
{
    public string? Type { get; init; }

    public string? Name { get; init; }

    public bool? Revoked { get; init; }

    public bool? XMitreDeprecated { get; init; }

    public string? XMitreVersion { get; init; }

    public string? XMitreAttackSpecVersion { get; init; }

    public IReadOnlyList<string>? XMitreDomains { get; init; }

    public IReadOnlyList<StixExternalReference?>? ExternalReferences { get; init; }

    public IReadOnlyList<StixKillChainPhase?>? KillChainPhases { get; init; }
}
