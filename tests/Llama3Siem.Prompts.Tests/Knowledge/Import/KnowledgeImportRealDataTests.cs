using System.Text.Json;
using Llama3Siem.Prompts.Knowledge.Import;

namespace Llama3Siem.Prompts.Tests.Knowledge.Import;

/// <summary>
/// The importer against the real CTID file: it must reproduce the shipped tables byte for byte. The reference
/// data holds ATT&amp;CK only as a CSV derived from the STIX attack-patterns, so the test turns each row back
/// into an attack-pattern object of a bundle.
/// </summary>
public sealed class KnowledgeImportRealDataTests : IDisposable
{
    private static readonly string[] Tables = ["attack-techniques.tsv", "nist-controls.tsv", "technique-controls.tsv"];

    private readonly ImportScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void The_real_ctid_file_and_attack_techniques_reproduce_the_shipped_tables()
    {
        var (repository, data) = Locate();
        var bundle = WriteBundleFromTechniqueCsv(Path.Combine(data, "attack-enterprise-techniques.csv"));

        var result = KnowledgeImport.Import(Path.Combine(data, "ctid-attack-16.1-nist-800-53-rev5.json"), bundle, _scratch.Output);

        foreach (var table in Tables)
        {
            var shipped = File.ReadAllBytes(Path.Combine(repository, "src", "Prompts", "Data", table));
            Assert.True(shipped.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_scratch.Output, table))), $"{table} differs from the shipped table.");
        }

        Assert.Equal((835, 691, 144), (result.Techniques, result.ActiveTechniques, result.RevokedTechniques));
        Assert.Equal((109, 469), (result.Controls, result.MappedTechniques));
        Assert.Equal((5410, 96), (result.MappingObjects, result.NonMappableObjects));
        Assert.Equal(["T1521.003"], result.UnknownTechniqueIds);
    }

    private string WriteBundleFromTechniqueCsv(string csvPath)
    {
        var path = Path.Combine(_scratch.Root, "enterprise-attack.json");
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("type", "bundle");
        json.WriteStartArray("objects");
        json.WriteStartObject();
        json.WriteString("type", "x-mitre-collection");
        json.WriteString("x_mitre_version", "18.1");
        json.WriteEndObject();
        foreach (var line in File.ReadLines(csvPath).Skip(1))
        {
            // id,name,tactics,is_subtechnique,deprecated_or_revoked; the data README guarantees no quoting.
            var cells = line.Split(',');
            json.WriteStartObject();
            json.WriteString("type", "attack-pattern");
            json.WriteString("name", cells[1]);
            json.WriteBoolean("revoked", cells[4] == "true");
            json.WriteBoolean("x_mitre_is_subtechnique", cells[3] == "true");
            json.WriteStartArray("external_references");
            json.WriteStartObject();
            json.WriteString("source_name", "mitre-attack");
            json.WriteString("external_id", cells[0]);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("kill_chain_phases");
            foreach (var tactic in cells[2].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                json.WriteStartObject();
                json.WriteString("kill_chain_name", "mitre-attack");
                json.WriteString("phase_name", tactic);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        return path;
    }

    /// <summary>The repository (the folder with Llama3Siem.sln) and the first shared/data beside it or above it.</summary>
    private static (string Repository, string Data) Locate()
    {
        var mapping = Events.RepositoryFiles.SharedData("ctid-attack-16.1-nist-800-53-rev5.json");
        if (mapping is null)
        {
            Assert.Skip("The reference data (<repo>/../shared/data) is absent; the real-data import is not checked.");
        }

        return (Events.RepositoryFiles.Root(), Path.GetDirectoryName(mapping)!);
    }
}
