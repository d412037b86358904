namespace Llama3Siem.Prompts.Knowledge.Import;

/// <summary>
/// Reads Enterprise ATT&amp;CK techniques from STIX: either one bundle file (enterprise-attack.json) or a
/// directory of bundle files, one object each (mitre/cti enterprise-attack/attack-pattern/*.json).
/// </summary>
internal static class StixTechniqueReader
{
    private const string AttackPattern = "attack-pattern";
    private const string Collection = "x-mitre-collection";
    private const string EnterpriseKillChain = "mitre-attack";
    private const string EnterpriseDomain = "enterprise-attack";
    private const string AttackSource = "mitre-attack";

    public static AttackCatalog Read(string path, string? versionOverride)
    {
        var accumulator = new Accumulator();
        if (Directory.Exists(path))
        {
            var files = Directory.GetFiles(path, "*.json");
            if (files.Length == 0)
            {
                throw new InvalidDataException($"{path}: the directory holds no *.json STIX files.");
            }

            Array.Sort(files, StringComparer.Ordinal);
            foreach (var file in files)
            {
                ReadBundle(file, accumulator);
            }
        }
        else if (File.Exists(path))
        {
            ReadBundle(path, accumulator);
        }
        else
        {
            throw new FileNotFoundException($"{path}: no such ATT&CK STIX file or directory.", path);
        }

        if (accumulator.Techniques.Count == 0)
        {
            throw new InvalidDataException($"{path}: no Enterprise attack-pattern objects with a mitre-attack id were found.");
        }

        var version = !string.IsNullOrWhiteSpace(versionOverride) ? versionOverride.Trim()
            : accumulator.CollectionVersion ?? KnowledgeImport.UnknownVersion;
        if (version == KnowledgeImport.UnknownVersion)
        {
            accumulator.Warnings.Add($"{path}: no x-mitre-collection object gives the ATT&CK release; recorded as unknown (set the version explicitly).");
        }

        var ordered = accumulator.Techniques.Values.OrderBy(t => t.Id, KnowledgeOrder.Techniques).ToList();
        return new AttackCatalog(ordered, version, accumulator.SpecVersion, accumulator.OtherDomainIds, accumulator.Warnings);
    }

    private static void ReadBundle(string file, Accumulator accumulator)
    {
        var bundle = ImportJson.Read(file, ImportJsonContext.Default.StixBundle);
        if (bundle.Type != "bundle" || bundle.Objects is null)
        {
            throw new InvalidDataException($"{file}: not a STIX bundle (expected \"type\": \"bundle\" and an \"objects\" array).");
        }

        for (var index = 0; index < bundle.Objects.Count; index++)
        {
            var stix = bundle.Objects[index] ?? throw new InvalidDataException($"{file}: objects[{index}] is null.");
            accumulator.SpecVersion ??= NonEmpty(stix.XMitreAttackSpecVersion);
            if (stix.Type == Collection)
            {
                accumulator.CollectionVersion ??= NonEmpty(stix.XMitreVersion);
            }
            else if (stix.Type == AttackPattern)
            {
                AddTechnique(file, index, stix, accumulator);
            }
        }
    }

    private static void AddTechnique(string file, int index, StixObject stix, Accumulator accumulator)
    {
        var externalId = stix.ExternalReferences?.FirstOrDefault(r => r?.SourceName == AttackSource)?.ExternalId;
        if (!TechniqueIds.TryNormalize(externalId, out var id))
        {
            accumulator.Warnings.Add($"{file}: objects[{index}] is an attack-pattern without a mitre-attack technique id; skipped.");
            return;
        }

        var phases = stix.KillChainPhases ?? [];
        if (!IsEnterprise(stix, phases))
        {
            accumulator.OtherDomainIds.Add(id);
            return;
        }

        var tactics = phases
            .Where(p => p?.KillChainName == EnterpriseKillChain && !string.IsNullOrWhiteSpace(p.PhaseName))
            .Select(p => p!.PhaseName!.Trim())
            .ToList();
        var technique = new AttackTechnique(id, TableText.Cell(stix.Name), tactics, stix.Revoked == true || stix.XMitreDeprecated == true);
        if (accumulator.Techniques.TryGetValue(id, out var earlier))
        {
            accumulator.Warnings.Add($"{file}: technique {id} appears more than once; the active object is kept.");
            if (!earlier.Revoked)
            {
                return;
            }
        }

        accumulator.Techniques[id] = technique;
    }

    /// <summary>
    /// Enterprise by its declared domains when it has them, otherwise by its kill chain: Mobile objects use
    /// "mitre-mobile-attack", ICS "mitre-ics-attack". Objects with neither (some revoked ones) count as Enterprise.
    /// </summary>
    private static bool IsEnterprise(StixObject stix, IReadOnlyList<StixKillChainPhase?> phases)
    {
        if (stix.XMitreDomains is { Count: > 0 } domains)
        {
            return domains.Contains(EnterpriseDomain);
        }

        return phases.Count == 0 || phases.Any(p => p?.KillChainName == EnterpriseKillChain);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed class Accumulator
    {
        public Dictionary<string, AttackTechnique> Techniques { get; } = new(StringComparer.Ordinal);

        public HashSet<string> OtherDomainIds { get; } = new(StringComparer.Ordinal);

        public List<string> Warnings { get; } = [];

        public string? CollectionVersion { get; set; }

        public string? SpecVersion { get; set; }
    }
}
