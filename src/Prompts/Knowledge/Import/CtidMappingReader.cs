namespace Llama3Siem.Prompts.Knowledge.Import;

/// <summary>
/// Reads a CTID Mappings Explorer file (ATT&amp;CK to NIST SP 800-53). Only complete "mitigates" rows count;
/// "non_mappable" rows (techniques CTID found no control for) carry no control and are only counted.
/// </summary>
internal static class CtidMappingReader
{
    private const string Complete = "complete";
    private const string NonMappable = "non_mappable";
    private const string Mitigates = "mitigates";

    public static CtidMapping Read(string path)
    {
        var document = ImportJson.Read(path, ImportJsonContext.Default.CtidMappingDocument);
        if (document.MappingObjects is not { } rows)
        {
            throw new InvalidDataException($"{path}: 'mapping_objects' is missing; this is not a CTID Mappings Explorer file.");
        }

        var warnings = new List<string>();
        var metadata = document.Metadata;
        var attackVersion = Known(metadata?.AttackVersion);
        var frameworkVersion = Known(metadata?.MappingFrameworkVersion);
        var lastUpdate = Known(metadata?.LastUpdate);
        if (attackVersion == KnowledgeImport.UnknownVersion || frameworkVersion == KnowledgeImport.UnknownVersion)
        {
            warnings.Add($"{path}: metadata lacks 'attack_version' or 'mapping_framework_version'; recorded as unknown.");
        }

        var controls = new Dictionary<string, NistControl>(StringComparer.Ordinal);
        var byTechnique = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var nonMappable = 0;
        var otherRows = 0;
        for (var index = 0; index < rows.Count; index++)
        {
            var row = rows[index] ?? throw Malformed(path, index, "is null");
            if (row.Status == NonMappable)
            {
                nonMappable++;
                continue;
            }

            if (row.Status != Complete || row.MappingType != Mitigates)
            {
                otherRows++;
                continue;
            }

            if (!TechniqueIds.TryNormalize(row.AttackObjectId, out var technique))
            {
                throw Malformed(path, index, "has an 'attack_object_id' that is not an ATT&CK technique id (T1234 or T1234.001)");
            }

            if (!ControlIds.TryNormalize(row.CapabilityId, out var control))
            {
                throw Malformed(path, index, "has a 'capability_id' that is not a NIST SP 800-53 control id (AC-2, AC-02, AC-2(4), ac-2.4)");
            }

            var family = string.IsNullOrWhiteSpace(row.CapabilityGroup) ? control[..control.IndexOf('-', StringComparison.Ordinal)] : row.CapabilityGroup.Trim();
            var title = TableText.Cell(row.CapabilityDescription);
            if (controls.TryGetValue(control, out var seen))
            {
                if (seen.Title != title || seen.Family != family)
                {
                    warnings.Add($"{path}: control {control} has more than one family or title; the first one is kept.");
                }
            }
            else
            {
                controls.Add(control, new NistControl(control, family, title));
            }

            if (!byTechnique.TryGetValue(technique, out var mitigations))
            {
                mitigations = new SortedSet<string>(KnowledgeOrder.Controls);
                byTechnique.Add(technique, mitigations);
            }

            mitigations.Add(control);
        }

        if (otherRows > 0)
        {
            warnings.Add($"{path}: {otherRows} mapping objects are neither complete 'mitigates' nor 'non_mappable' and were ignored.");
        }

        var orderedControls = controls.Values
            .OrderBy(c => c.Family, StringComparer.Ordinal)
            .ThenBy(c => c.Id, KnowledgeOrder.Controls)
            .ToList();
        var mapping = byTechnique.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)[.. pair.Value], StringComparer.Ordinal);
        return new CtidMapping(attackVersion, frameworkVersion, lastUpdate, orderedControls, mapping, rows.Count, nonMappable, warnings);
    }

    private static string Known(string? value) =>
        string.IsNullOrWhiteSpace(value) ? KnowledgeImport.UnknownVersion : value.Trim();

    private static InvalidDataException Malformed(string path, int index, string what) =>
        new($"{path}: mapping_objects[{index}] {what}.");
}
