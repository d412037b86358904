using Llama3Siem.Prompts.Knowledge;

namespace Llama3Siem.Prompts.Tests.Knowledge;

public sealed class ThreatKnowledgeTests
{
    private static readonly ThreatKnowledge Knowledge = ThreatKnowledge.BuiltIn;

    [Fact]
    public void Built_in_tables_hold_every_enterprise_technique_and_the_mapped_controls()
    {
        Assert.Equal(835, Knowledge.TechniqueCount);
        Assert.Equal(109, Knowledge.ControlCount);
    }

    [Fact]
    public void Techniques_are_found_in_any_case_with_name_and_tactics()
    {
        Assert.True(Knowledge.TryGetActiveTechnique("t1003.001", out var technique));
        Assert.Equal("T1003.001", technique.Id);
        Assert.Equal("LSASS Memory", technique.Name);
        Assert.Equal(["credential-access"], technique.Tactics);
    }

    [Theory]
    [InlineData("T1574.002")] // revoked in ATT&CK v18
    [InlineData("T9999")]
    [InlineData("T1059.999")]
    [InlineData("1059")]
    [InlineData("")]
    public void Revoked_unknown_and_malformed_technique_ids_are_not_active(string id) =>
        Assert.False(Knowledge.TryGetActiveTechnique(id, out _));

    [Fact]
    public void Controls_for_a_technique_come_from_the_mapping()
    {
        var controls = Knowledge.ControlsFor("T1059.001");

        Assert.Equal(19, controls.Count);
        Assert.Contains("CM-6", controls);
        Assert.All(controls, c => Assert.True(Knowledge.TryGetControl(c, out _), c));
    }

    [Fact]
    public void A_sub_technique_without_its_own_mapping_inherits_its_parents_controls()
    {
        Assert.Empty(Knowledge.ControlsFor("T1059.013").Except(Knowledge.ControlsFor("T1059")));
        Assert.NotEmpty(Knowledge.ControlsFor("T1059.013"));
    }

    [Fact]
    public void Controls_resolve_from_any_spelling_and_enhancements_resolve_to_their_base_control()
    {
        Assert.True(Knowledge.TryGetControl("ac-02", out var control));
        Assert.Equal("AC-2", control.Id);
        Assert.Equal("Account Management", control.Title);
        Assert.True(Knowledge.TryGetControl("AC-2(4)", out var enhancement));
        Assert.Equal("AC-2", enhancement.Id);
        Assert.False(Knowledge.TryGetControl("ZZ-1", out _));
    }
}
