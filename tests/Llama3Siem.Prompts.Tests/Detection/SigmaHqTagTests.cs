using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Prompts.Tests.Events;

namespace Llama3Siem.Prompts.Tests.Detection;

/// <summary>SigmaHQ's rules (../shared, read only) carry ATT&amp;CK v19 tags: none may be lost on our v18.1 knowledge base.</summary>
public sealed class SigmaHqTagTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_technique_tag_of_sigmahq_rules_reaches_an_active_technique()
    {
        var root = RepositoryFiles.SharedData(Path.Combine("sigma", "rules"));
        Assert.SkipWhen(root is null, "../shared/data/sigma/rules is absent");

        var rules = new[] { "windows", "linux", "cloud", "network" }
            .SelectMany(area => SigmaRuleLoader.LoadFolder(Path.Combine(root!, area)).Rules)
            .ToList();
        var tags = rules.SelectMany(r => r.Tags)
            .Where(t => t.StartsWith("attack.t", StringComparison.OrdinalIgnoreCase) && TechniqueIds.TryNormalize(t["attack.".Length..], out _))
            .ToList();
        var lost = tags.Where(t => DetectionEngine.TechniquesOf([t], ThreatKnowledge.BuiltIn).Count == 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var moved = tags.Count(t => !ThreatKnowledge.BuiltIn.TryGetActiveTechnique(t["attack.".Length..], out _));

        output.WriteLine($"{rules.Count} rules, {tags.Count} technique tags, {moved} of them in ids newer than the knowledge base, lost: {string.Join(", ", lost)}");
        Assert.NotEmpty(tags);
        Assert.True(moved > 0, "SigmaHQ's set is expected to carry ATT&CK v19 ids");
        Assert.Empty(lost);
    }
}
