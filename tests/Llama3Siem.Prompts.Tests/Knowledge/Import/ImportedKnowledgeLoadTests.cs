using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Prompts.Knowledge.Import;

namespace Llama3Siem.Prompts.Tests.Knowledge.Import;

public sealed class ImportedKnowledgeLoadTests : IDisposable
{
    private readonly ImportScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Imported_tables_load_back_with_techniques_controls_and_versions()
    {
        var knowledge = ImportFixtures();

        Assert.Equal(("18.1", "16.1"), (knowledge.AttackVersion, knowledge.MappingVersion));
        Assert.Equal((6, 6), (knowledge.TechniqueCount, knowledge.ControlCount));
        Assert.True(knowledge.TryGetActiveTechnique("t1547.001", out var runKeys));
        Assert.Equal(["persistence", "privilege-escalation"], runKeys.Tactics);
        Assert.False(knowledge.TryGetActiveTechnique("T1574.002", out _));
        Assert.False(knowledge.TryGetActiveTechnique("T1002", out _));
        Assert.False(knowledge.TryGetTechnique("T1521.003", out _));
    }

    [Fact]
    public void Imported_mapping_answers_controls_for_techniques_and_their_sub_techniques()
    {
        var knowledge = ImportFixtures();

        Assert.Equal(["AC-2", "AC-16", "CM-6"], knowledge.ControlsFor("T1003"));
        Assert.Equal(["AC-2(4)", "SI-4"], knowledge.ControlsFor("t1003.001"));
        Assert.Equal(["AC-2", "AC-16", "CM-6"], knowledge.ControlsFor("T1003.002"));
        Assert.Empty(knowledge.ControlsFor("T1521.003"));
        Assert.True(knowledge.TryGetControl("AC-02(04)", out var enhancement));
        Assert.Equal("Automated Audit Actions", enhancement.Title);
    }

    [Fact]
    public void Built_in_tables_state_their_attack_and_mapping_releases() =>
        Assert.Equal(("18.1", "16.1"), (ThreatKnowledge.BuiltIn.AttackVersion, ThreatKnowledge.BuiltIn.MappingVersion));

    [Fact]
    public void Tables_without_a_version_line_load_with_unknown_versions()
    {
        Directory.CreateDirectory(_scratch.Output);
        File.WriteAllText(Path.Combine(_scratch.Output, "attack-techniques.tsv"), "# techniques\nT1003\tOS Credential Dumping\tcredential-access\tactive\n");
        File.WriteAllText(Path.Combine(_scratch.Output, "nist-controls.tsv"), "AC-2\tAC\tAccount Management\n");
        File.WriteAllText(Path.Combine(_scratch.Output, "technique-controls.tsv"), "T1003\tAC-2\n");

        var knowledge = ThreatKnowledge.LoadFrom(_scratch.Output);

        Assert.Equal(("unknown", "unknown"), (knowledge.AttackVersion, knowledge.MappingVersion));
        Assert.Equal(["AC-2"], knowledge.ControlsFor("T1003.001"));
    }

    [Fact]
    public void A_table_row_of_the_wrong_shape_is_reported_by_file_and_line()
    {
        ImportFixtures();
        var mapping = Path.Combine(_scratch.Output, "technique-controls.tsv");
        File.AppendAllText(mapping, "T1059\tAC-2\tstray\n");

        var error = Assert.Throws<InvalidDataException>(() => ThreatKnowledge.LoadFrom(_scratch.Output));

        Assert.Equal($"{mapping}: line 7 has 3 columns, expected 2.", error.Message);
    }

    [Fact]
    public void A_missing_table_or_directory_is_named()
    {
        ImportFixtures();
        var controls = Path.Combine(_scratch.Output, "nist-controls.tsv");
        File.Delete(controls);
        var nowhere = Path.Combine(_scratch.Root, "nowhere");

        var missingTable = Assert.Throws<FileNotFoundException>(() => ThreatKnowledge.LoadFrom(_scratch.Output));
        var missingDirectory = Assert.Throws<DirectoryNotFoundException>(() => ThreatKnowledge.LoadFrom(nowhere));

        Assert.Contains(controls, missingTable.Message, StringComparison.Ordinal);
        Assert.Contains(nowhere, missingDirectory.Message, StringComparison.Ordinal);
    }

    private ThreatKnowledge ImportFixtures()
    {
        KnowledgeImport.Import(ImportScratch.Fixture("ctid-mapping.json"), ImportScratch.Fixture("enterprise-attack.json"), _scratch.Output);
        return ThreatKnowledge.LoadFrom(_scratch.Output);
    }
}
