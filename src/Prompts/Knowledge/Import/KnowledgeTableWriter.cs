using System.Text;

namespace Llama3Siem.Prompts.Knowledge.Import;

/// <summary>
/// Writes the three tables in the shipped format (tools/build-knowledge.py writes the same bytes): UTF-8 without
/// BOM, LF line ends, a header comment naming the source, then the <c># version:</c> line ThreatKnowledge reads.
/// </summary>
internal static class KnowledgeTableWriter
{
    private const string MitreNotice =
        "# (c) 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write(
        string directory,
        AttackCatalog attack,
        CtidMapping ctid,
        IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> mapping)
    {
        Directory.CreateDirectory(directory);
        var versionLine = $"# version: attack={TableText.VersionToken(attack.Version)} mapping={TableText.VersionToken(ctid.AttackVersion)} framework={TableText.VersionToken(ctid.FrameworkVersion)}";
        var release = attack.Version == KnowledgeImport.UnknownVersion ? "(version unknown)" : $"v{attack.Version}";

        var techniques = new StringBuilder()
            .Append($"# ATT&CK Enterprise {release} techniques: id, name, tactics (;-separated), status (active|revoked).\n")
            .Append(versionLine).Append('\n')
            .Append(MitreNotice).Append('\n');
        foreach (var t in attack.Techniques)
        {
            techniques.Append($"{t.Id}\t{t.Name}\t{string.Join(';', t.Tactics)}\t{(t.Revoked ? "revoked" : "active")}\n");
        }

        var controls = new StringBuilder()
            .Append($"# NIST SP 800-53 {ctid.FrameworkVersion} controls used by the CTID ATT&CK {ctid.AttackVersion} mapping: id, family, title.\n")
            .Append(versionLine).Append('\n');
        foreach (var c in ctid.Controls)
        {
            controls.Append($"{c.Id}\t{c.Family}\t{c.Title}\n");
        }

        var rows = new StringBuilder()
            .Append($"# CTID Mappings Explorer: ATT&CK {ctid.AttackVersion} -> NIST SP 800-53 {ctid.FrameworkVersion} (updated {ctid.LastUpdate}): technique, controls that mitigate it.\n")
            .Append(versionLine).Append('\n');
        foreach (var (technique, mitigations) in mapping)
        {
            rows.Append($"{technique}\t{string.Join(',', mitigations)}\n");
        }

        // Every table is written beside its target first, so a failure leaves the previous knowledge base whole.
        var staged = new List<(string Temp, string Final)>();
        try
        {
            foreach (var (name, text) in new[]
            {
                (ThreatKnowledge.TechniquesTable, techniques),
                (ThreatKnowledge.ControlsTable, controls),
                (ThreatKnowledge.MappingTable, rows),
            })
            {
                var final = Path.Combine(directory, name);
                var temp = final + ".importing";
                File.WriteAllText(temp, text.ToString(), Utf8NoBom);
                staged.Add((temp, final));
            }

            foreach (var (temp, final) in staged)
            {
                File.Move(temp, final, overwrite: true);
            }
        }
        finally
        {
            foreach (var (temp, _) in staged)
            {
                File.Delete(temp);
            }
        }
    }
}
