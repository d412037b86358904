using Llama3Siem.Prompts.Knowledge;

namespace Llama3Siem.Prompts.Tests.Knowledge;

public sealed class MitigationPlannerTests
{
    [Fact]
    public void Controls_covering_more_of_the_incidents_techniques_rank_first_and_list_what_they_cover()
    {
        var planner = new MitigationPlanner(ThreatKnowledge.BuiltIn);
        var techniques = new[] { "T1003.001", "T1059.001", "T1021.002" };

        var plan = planner.Plan(techniques);

        var expectedUnion = techniques.SelectMany(ThreatKnowledge.BuiltIn.ControlsFor).Distinct().Order().ToList();
        Assert.Equal(expectedUnion, plan.Select(m => m.Id).Order().ToList());
        for (var i = 1; i < plan.Count; i++)
        {
            Assert.True(plan[i - 1].Techniques.Count >= plan[i].Techniques.Count, $"{plan[i - 1].Id} before {plan[i].Id}");
        }

        foreach (var mitigation in plan)
        {
            Assert.NotNull(mitigation.Title);
            Assert.All(mitigation.Techniques, t => Assert.Contains(mitigation.Id, ThreatKnowledge.BuiltIn.ControlsFor(t)));
        }
    }

    [Fact]
    public void Ties_are_broken_by_family_then_control_number()
    {
        var plan = new MitigationPlanner(ThreatKnowledge.BuiltIn).Plan(["T1059.001"]);

        var ids = plan.Select(m => (m.Id[..2], int.Parse(m.Id[3..].Split('(')[0], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(ids.OrderBy(x => x.Item1, StringComparer.Ordinal).ThenBy(x => x.Item2).ToList(), ids);
    }

    [Fact]
    public void No_techniques_means_no_mitigations() =>
        Assert.Empty(new MitigationPlanner(ThreatKnowledge.BuiltIn).Plan([]));
}
