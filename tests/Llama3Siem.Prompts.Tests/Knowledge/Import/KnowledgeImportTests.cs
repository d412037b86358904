using Llama3Siem.Prompts.Knowledge.Import;

namespace Llama3Siem.Prompts.Tests.Knowledge.Import;

public sealed class KnowledgeImportTests : IDisposable
{
    private const string ExpectedTechniques =
        "# ATT&CK Enterprise v18.1 techniques: id, name, tactics (;-separated), status (active|revoked).\n" +
        "# version: attack=18.1 mapping=16.1 framework=rev5\n" +
        "# (c) 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.\n" +
        "T1002\tData Compressed\texfiltration\trevoked\n" +
        "T1003\tOS Credential Dumping\tcredential-access\tactive\n" +
        "T1003.001\tLSASS Memory\tcredential-access\tactive\n" +
        "T1059\tCommand and Scripting Interpreter\texecution\tactive\n" +
        "T1547.001\tRegistry Run Keys / Startup Folder\tpersistence;privilege-escalation\tactive\n" +
        "T1574.002\tDLL Side-Loading\tpersistence;privilege-escalation;defense-evasion\trevoked\n";

    private const string ExpectedControls =
        "# NIST SP 800-53 rev5 controls used by the CTID ATT&CK 16.1 mapping: id, family, title.\n" +
        "# version: attack=18.1 mapping=16.1 framework=rev5\n" +
        "AC-2\tAC\tAccount Management\n" +
        "AC-2(4)\tAC\tAutomated Audit Actions\n" +
        "AC-16\tAC\tSecurity and Privacy Attributes\n" +
        "CM-6\tCM\tConfiguration Settings\n" +
        "SC-12\tSC\tCryptographic Key Establishment and Management\n" +
        "SI-4\tSI\tSystem Monitoring\n";

    private const string ExpectedMapping =
        "# CTID Mappings Explorer: ATT&CK 16.1 -> NIST SP 800-53 rev5 (updated 04/16/2025): technique, controls that mitigate it.\n" +
        "# version: attack=18.1 mapping=16.1 framework=rev5\n" +
        "T1003\tAC-2,AC-16,CM-6\n" +
        "T1003.001\tAC-2(4),SI-4\n" +
        "T1059\tAC-2(4),SI-4\n" +
        "T1574.002\tCM-6\n";

    private readonly ImportScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void A_bundle_and_a_ctid_file_become_the_three_tables_in_the_shipped_format()
    {
        KnowledgeImport.Import(ImportScratch.Fixture("ctid-mapping.json"), ImportScratch.Fixture("enterprise-attack.json"), _scratch.Output);

        Assert.Equal(ExpectedTechniques, _scratch.Read("attack-techniques.tsv"));
        Assert.Equal(ExpectedControls, _scratch.Read("nist-controls.tsv"));
        Assert.Equal(ExpectedMapping, _scratch.Read("technique-controls.tsv"));
    }

    [Fact]
    public void The_result_counts_what_was_written_and_names_the_ids_left_out()
    {
        var result = KnowledgeImport.Import(ImportScratch.Fixture("ctid-mapping.json"), ImportScratch.Fixture("enterprise-attack.json"), _scratch.Output);

        Assert.Equal(("18.1", "3.3.0", "16.1", "rev5"), (result.AttackVersion, result.AttackSpecVersion, result.MappingVersion, result.FrameworkVersion));
        Assert.Equal((6, 4, 2), (result.Techniques, result.ActiveTechniques, result.RevokedTechniques));
        Assert.Equal((6, 4, 8), (result.Controls, result.MappedTechniques, result.MappingRows));
        Assert.Equal((10, 1), (result.MappingObjects, result.NonMappableObjects));
        Assert.Equal(["T1521.003"], result.UnknownTechniqueIds);
        Assert.Equal(["T1521.003"], result.OtherDomainTechniqueIds);
        Assert.Contains(result.Warnings, w => w.Contains("T1521.003", StringComparison.Ordinal));
    }

    [Fact]
    public void A_directory_of_per_object_bundles_gives_the_same_tables_as_the_single_bundle()
    {
        var options = new KnowledgeImportOptions(ImportScratch.Fixture("ctid-mapping.json"), ImportScratch.Fixture("attack-pattern"), _scratch.Output)
        {
            AttackVersion = "18.1",
        };

        var result = KnowledgeImport.Import(options);

        Assert.Equal(ExpectedTechniques, _scratch.Read("attack-techniques.tsv"));
        Assert.Equal(ExpectedControls, _scratch.Read("nist-controls.tsv"));
        Assert.Equal(ExpectedMapping, _scratch.Read("technique-controls.tsv"));
        Assert.Equal("18.1", result.AttackVersion);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("recorded as unknown", StringComparison.Ordinal));
    }

    [Fact]
    public void Stix_without_a_collection_records_the_attack_release_as_unknown_and_warns()
    {
        var result = KnowledgeImport.Import(ImportScratch.Fixture("ctid-mapping.json"), ImportScratch.Fixture("attack-pattern"), _scratch.Output);

        Assert.Equal("unknown", result.AttackVersion);
        Assert.Contains(result.Warnings, w => w.Contains("recorded as unknown", StringComparison.Ordinal));
        Assert.StartsWith(
            "# ATT&CK Enterprise (version unknown) techniques: id, name, tactics (;-separated), status (active|revoked).\n# version: attack=unknown mapping=16.1 framework=rev5\n",
            _scratch.Read("attack-techniques.tsv"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void An_import_replaces_the_tables_of_an_earlier_one()
    {
        Directory.CreateDirectory(_scratch.Output);
        File.WriteAllText(Path.Combine(_scratch.Output, "nist-controls.tsv"), "stale\n");

        KnowledgeImport.Import(ImportScratch.Fixture("ctid-mapping.json"), ImportScratch.Fixture("enterprise-attack.json"), _scratch.Output);

        Assert.Equal(ExpectedControls, _scratch.Read("nist-controls.tsv"));
        Assert.Equal(["attack-techniques.tsv", "nist-controls.tsv", "technique-controls.tsv"], Directory.GetFiles(_scratch.Output).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Truncated_ctid_json_is_reported_with_the_file_and_line_but_not_its_content()
    {
        var ctid = _scratch.WriteFile("ctid.json", "{\"metadata\": {\"attack_version\": \"16.1\"},\n \"mapping_objects\": [{\"capability_id\": \"SECRET-TEXT");

        var error = Assert.Throws<InvalidDataException>(() =>
            KnowledgeImport.Import(ctid, ImportScratch.Fixture("enterprise-attack.json"), _scratch.Output));

        Assert.Contains(ctid, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_scratch.Output));
    }

    [Fact]
    public void A_ctid_file_without_mapping_objects_is_refused()
    {
        var ctid = _scratch.WriteFile("ctid.json", "{\"metadata\": {\"attack_version\": \"16.1\"}}");

        var error = Assert.Throws<InvalidDataException>(() =>
            KnowledgeImport.Import(ctid, ImportScratch.Fixture("enterprise-attack.json"), _scratch.Output));

        Assert.Contains("'mapping_objects' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_capability_id_that_is_not_a_control_id_is_reported_by_its_position()
    {
        var ctid = _scratch.WriteFile("ctid.json", """
            {"metadata": {"attack_version": "16.1", "mapping_framework_version": "rev5"},
             "mapping_objects": [
               {"capability_id": "CM-06", "capability_group": "CM", "capability_description": "Configuration Settings", "mapping_type": "mitigates", "attack_object_id": "T1003", "status": "complete"},
               {"capability_id": "Account Management", "capability_group": "AC", "capability_description": "x", "mapping_type": "mitigates", "attack_object_id": "T1003", "status": "complete"}
             ]}
            """);

        var error = Assert.Throws<InvalidDataException>(() =>
            KnowledgeImport.Import(ctid, ImportScratch.Fixture("enterprise-attack.json"), _scratch.Output));

        Assert.Contains("mapping_objects[1]", error.Message, StringComparison.Ordinal);
        Assert.Contains("capability_id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stix_file_that_is_not_a_bundle_is_refused()
    {
        var stix = _scratch.WriteFile("pattern.json", """{"type": "attack-pattern", "name": "Loose object"}""");

        var error = Assert.Throws<InvalidDataException>(() =>
            KnowledgeImport.Import(ImportScratch.Fixture("ctid-mapping.json"), stix, _scratch.Output));

        Assert.Contains(stix, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a STIX bundle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stix_field_of_the_wrong_type_is_reported_with_its_json_path()
    {
        var stix = _scratch.WriteFile("bundle.json", """
            {"type": "bundle", "objects": [
              {"type": "attack-pattern", "name": "Loose", "revoked": "perhaps",
               "external_references": [{"source_name": "mitre-attack", "external_id": "T1003"}]}
            ]}
            """);

        var error = Assert.Throws<InvalidDataException>(() =>
            KnowledgeImport.Import(ImportScratch.Fixture("ctid-mapping.json"), stix, _scratch.Output));

        Assert.Contains("$.objects[0].revoked", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("perhaps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_without_enterprise_techniques_is_refused()
    {
        var stix = _scratch.WriteFile("bundle.json", """{"type": "bundle", "objects": [{"type": "x-mitre-collection", "x_mitre_version": "18.1"}]}""");

        var error = Assert.Throws<InvalidDataException>(() =>
            KnowledgeImport.Import(ImportScratch.Fixture("ctid-mapping.json"), stix, _scratch.Output));

        Assert.Contains("no Enterprise attack-pattern", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_inputs_are_named()
    {
        var missing = Path.Combine(_scratch.Root, "nowhere");

        var noStix = Assert.Throws<FileNotFoundException>(() =>
            KnowledgeImport.Import(ImportScratch.Fixture("ctid-mapping.json"), missing, _scratch.Output));
        var noCtid = Assert.Throws<FileNotFoundException>(() =>
            KnowledgeImport.Import(missing, ImportScratch.Fixture("enterprise-attack.json"), _scratch.Output));

        Assert.Contains(missing, noStix.Message, StringComparison.Ordinal);
        Assert.Contains(missing, noCtid.Message, StringComparison.Ordinal);
    }
}
