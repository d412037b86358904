using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Tests.Events;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>SigmaHQ's rule set in /work/shared (read, never copied into the project): how much of it loads.</summary>
public sealed class SigmaHqRuleSetTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_sigmahq_rule_file_loads_or_is_skipped_with_a_reason()
    {
        var root = RepositoryFiles.SharedData(Path.Combine("sigma", "rules"));
        Assert.SkipWhen(root is null, "/work/shared/data/sigma/rules is absent");

        var loaded = 0;
        var unmapped = 0;
        var skipped = new List<SigmaSkippedRule>();
        foreach (var area in new[] { "windows", "linux", "cloud", "network" })
        {
            var result = SigmaRuleLoader.LoadFolder(Path.Combine(root!, area));
            var set = new SigmaRuleSet(result.Rules);
            loaded += result.Rules.Count;
            unmapped += set.UnmappedCount;
            skipped.AddRange(result.Skipped);
            output.WriteLine($"{area}: {result.Rules.Count} loaded ({set.UnmappedCount} with an unmapped logsource), {result.Skipped.Count} skipped");
        }

        var total = loaded + skipped.Count;
        output.WriteLine($"total: {loaded}/{total} loaded ({100.0 * loaded / total:F1}%), {unmapped} unmapped logsource");
        foreach (var reason in skipped.GroupBy(s => s.Reason).OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"  {reason.Key}: {reason.Count()} (e.g. {Path.GetFileName(reason.First().File)}: {reason.First().Detail})");
        }

        Assert.True(total > 0);
    }
}
