using System.Globalization;
using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Prompts.Tests.Events;

namespace Llama3Siem.Prompts.Tests.Knowledge;

/// <summary>ATT&amp;CK ids newer than the knowledge base (SigmaHQ tags in v19) reach the technique they moved from.</summary>
public sealed class AttackMovesTests
{
    private static readonly ThreatKnowledge Knowledge = ThreatKnowledge.BuiltIn;

    [Theory]
    [InlineData("T1685", "T1562.001")]
    [InlineData("t1685.001", "T1562.002")]
    [InlineData("T1685.005", "T1070.001")]
    [InlineData("T1686.003", "T1562.004")]
    [InlineData("T1690", "T1562.001")]
    public void A_newer_technique_id_resolves_to_the_id_it_moved_from(string newer, string known)
    {
        Assert.False(Knowledge.TryGetTechnique(newer, out _));

        Assert.True(Knowledge.TryResolveActiveTechnique(newer, out var technique));
        Assert.Equal(known, technique.Id);
    }

    [Fact]
    public void A_new_sub_technique_without_a_move_of_its_own_follows_its_parent() =>
        Assert.Equal("T1562.004", Knowledge.TryResolveActiveTechnique("T1686.002", out var technique) ? technique.Id : null);

    [Theory]
    [InlineData("T1059.001", "T1059.001")]
    [InlineData("T1574.002", null)] // revoked in v18: verification refuses it, so detection must not produce it
    [InlineData("T1999", null)]
    [InlineData("T1685.999", "T1562.001")] // unknown sub-technique of a moved parent: the parent's move
    public void Known_ids_resolve_to_themselves_revoked_and_unknown_ones_to_nothing(string id, string? expected) =>
        Assert.Equal(expected, Knowledge.TryResolveActiveTechnique(id, out var technique) ? technique.Id : null);

    [Fact]
    public void A_move_is_ignored_when_the_catalog_knows_the_new_id()
    {
        var knowledge = new ThreatKnowledge(
            [new AttackTechnique("T1685", "Disable or Modify Tools (new)", ["defense-impairment"], false),
             new AttackTechnique("T1562.001", "Disable or Modify Tools", ["defense-evasion"], false)],
            [], [], [KeyValuePair.Create("T1685", "T1562.001")]);

        Assert.True(knowledge.TryResolveActiveTechnique("T1685", out var technique));
        Assert.Equal("T1685", technique.Id);
    }

    [Fact]
    public void An_imported_knowledge_folder_without_a_moves_table_keeps_the_built_in_moves()
    {
        var folder = Directory.CreateTempSubdirectory("llama3siem-kb-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "attack-techniques.tsv"), "T1562.001\tDisable or Modify Tools\tdefense-evasion\tactive\n");
            File.WriteAllText(Path.Combine(folder.FullName, "nist-controls.tsv"), "CM-7\tCM\tLeast Functionality\n");
            File.WriteAllText(Path.Combine(folder.FullName, "technique-controls.tsv"), "T1562.001\tCM-7\n");

            var knowledge = ThreatKnowledge.LoadFrom(folder.FullName);

            Assert.True(knowledge.TryResolveActiveTechnique("T1685", out var technique));
            Assert.Equal("T1562.001", technique.Id);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The shipped table against SigmaHQ's own re-tagging counts (../shared, read only): every new technique id it
    /// lists is in the table, mapped to the id most rules moved from.
    /// </summary>
    [Fact]
    public void The_moves_table_takes_the_id_most_rules_moved_from_for_every_new_id()
    {
        var csv = RepositoryFiles.SharedData(Path.Combine("sigma", "attack-v19-moves.csv"));
        Assert.SkipWhen(csv is null, "../shared/data/sigma/attack-v19-moves.csv is absent");

        var rows = File.ReadLines(csv!).Skip(1).Select(line => line.Split(','))
            .Where(cells => cells[0] == "technique")
            .Select(cells => (Newer: cells[1], Known: cells[2], Rules: int.Parse(cells[3], CultureInfo.InvariantCulture)))
            .ToList();
        Assert.NotEmpty(rows);
        foreach (var group in rows.GroupBy(r => r.Newer))
        {
            Assert.True(Knowledge.TryResolveActiveTechnique(group.Key, out var technique), group.Key);
            var chosen = Assert.Single(group, r => r.Known == technique.Id);
            Assert.Equal(group.Max(r => r.Rules), chosen.Rules);
        }
    }
}
