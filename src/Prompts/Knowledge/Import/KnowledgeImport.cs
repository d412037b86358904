namespace Llama3Siem.Prompts.Knowledge.Import;

/// <summary>
/// Rebuilds the knowledge tables (techniques, controls, technique-to-controls) from the official files, so an
/// operator can refresh ATT&amp;CK and the CTID mapping without Python. The output is the format
/// <see cref="ThreatKnowledge.LoadFrom"/> reads and the project embeds.
/// </summary>
public static class KnowledgeImport
{
    /// <summary>Recorded where a source does not state its version.</summary>
    public const string UnknownVersion = "unknown";

    /// <exception cref="FileNotFoundException">An input file or directory does not exist.</exception>
    /// <exception cref="InvalidDataException">An input is not JSON of the official shape; the message names the file and position.</exception>
    public static KnowledgeImportResult Import(string ctidMappingJsonPath, string attackStixPath, string outputDirectory) =>
        Import(new KnowledgeImportOptions(ctidMappingJsonPath, attackStixPath, outputDirectory));

    /// <inheritdoc cref="Import(string, string, string)"/>
    public static KnowledgeImportResult Import(KnowledgeImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.CtidMappingPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.AttackStixPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OutputDirectory);
        if (!File.Exists(options.CtidMappingPath))
        {
            throw new FileNotFoundException($"{options.CtidMappingPath}: no such CTID mapping file.", options.CtidMappingPath);
        }

        var attack = StixTechniqueReader.Read(options.AttackStixPath, options.AttackVersion);
        var ctid = CtidMappingReader.Read(options.CtidMappingPath);

        var known = attack.Techniques.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = ctid.ControlsByTechnique.Keys.Where(id => !known.Contains(id)).Order(KnowledgeOrder.Techniques).ToList();
        var mapping = ctid.ControlsByTechnique
            .Where(pair => known.Contains(pair.Key))
            .OrderBy(pair => pair.Key, KnowledgeOrder.Techniques)
            .ToList();

        var warnings = new List<string>(attack.Warnings);
        warnings.AddRange(ctid.Warnings);
        if (unknown.Count > 0)
        {
            warnings.Add($"{unknown.Count} mapped technique ids are not Enterprise techniques in the ATT&CK input and were left out: {string.Join(", ", unknown.Take(20))}{(unknown.Count > 20 ? ", ..." : string.Empty)}.");
        }

        KnowledgeTableWriter.Write(options.OutputDirectory, attack, ctid, mapping);

        var revoked = attack.Techniques.Count(t => t.Revoked);
        return new KnowledgeImportResult
        {
            AttackVersion = attack.Version,
            AttackSpecVersion = attack.SpecVersion,
            MappingVersion = ctid.AttackVersion,
            FrameworkVersion = ctid.FrameworkVersion,
            Techniques = attack.Techniques.Count,
            ActiveTechniques = attack.Techniques.Count - revoked,
            RevokedTechniques = revoked,
            Controls = ctid.Controls.Count,
            MappedTechniques = mapping.Count,
            MappingRows = mapping.Sum(pair => pair.Value.Count),
            MappingObjects = ctid.MappingObjects,
            NonMappableObjects = ctid.NonMappableObjects,
            UnknownTechniqueIds = unknown,
            OtherDomainTechniqueIds = unknown.Where(attack.OtherDomainIds.Contains).ToList(),
            Warnings = warnings,
        };
    }
}
