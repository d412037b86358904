using Llama3Siem.Prompts.Detection.Sigma;
using static Llama3Siem.Prompts.Tests.Detection.Sigma.SigmaTesting;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>Loading: metadata, and every kind of file the engine refuses, refused with its reason.</summary>
public sealed class SigmaRuleLoaderTests : IDisposable
{
    private const string Valid = """
        title: Whoami run
        id: 5e7d1c6f-0000-4000-8000-000000000001
        status: test
        level: medium
        description: Discovery of the current user.
        author: Llama3Siem tests
        tags:
            - attack.discovery
            - attack.t1033
        falsepositives:
            - Admin scripts
        logsource:
            product: windows
            category: process_creation
        detection:
            selection:
                Image|endswith: '\whoami.exe'
            condition: selection
        """;

    private readonly string folder = Path.Combine(Path.GetTempPath(), "sigma-loader-" + Guid.NewGuid().ToString("N"));

    public SigmaRuleLoaderTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_rule_keeps_its_metadata()
    {
        var rule = SigmaRule.Parse(Valid);

        Assert.Equal("5e7d1c6f-0000-4000-8000-000000000001", rule.Id);
        Assert.Equal("Whoami run", rule.Title);
        Assert.Equal("test", rule.Metadata.Status);
        Assert.Equal("medium", rule.Level);
        Assert.Equal(["attack.discovery", "attack.t1033"], rule.Tags);
        Assert.Equal(["Admin scripts"], rule.Metadata.FalsePositives);
        Assert.Equal(new SigmaLogsource("windows", "process_creation", null), rule.Logsource);
        Assert.True(rule.IsLogsourceMapped);
    }

    [Fact]
    public void A_match_names_the_rule_its_level_and_tags()
    {
        var match = Assert.Single(new SigmaRuleSet([SigmaRule.Parse(Valid)]).Match(Process(("Image", @"C:\Windows\System32\whoami.exe"))));

        Assert.Equal("5e7d1c6f-0000-4000-8000-000000000001", match.RuleId);
        Assert.Equal("Whoami run", match.Title);
        Assert.Equal("medium", match.Level);
        Assert.Equal(["attack.discovery", "attack.t1033"], match.Tags);
    }

    [Theory]
    [InlineData("title: x\ndetection: [unclosed", SigmaSkipReasons.YamlError)]
    [InlineData("title: x\ntitle: y\ndetection:\n    s: {a: 1}\n    condition: s", SigmaSkipReasons.YamlError)]
    [InlineData("- just\n- a list", SigmaSkipReasons.NotARule)]
    [InlineData("title: x\nlogsource: {product: windows}", SigmaSkipReasons.MissingDetection)]
    [InlineData("title: x\ndetection:\n    s: {a: 1}", SigmaSkipReasons.MissingCondition)]
    [InlineData("title: x\ndetection:\n    s: {a|expand: '%x%'}\n    condition: s", "unsupported-modifier:expand")]
    [InlineData("title: x\ndetection:\n    s: {a|contains|endswith: b}\n    condition: s", "unsupported-modifier:endswith")]
    [InlineData("title: x\ndetection:\n    s: {a|wide: b}\n    condition: s", "unsupported-modifier:wide")]
    [InlineData("title: x\ndetection:\n    s: {a|base64: '*b'}\n    condition: s", "unsupported-value:wildcard-in-base64")]
    [InlineData("title: x\ndetection:\n    s: {a|re: '(unclosed'}\n    condition: s", SigmaSkipReasons.InvalidRegex)]
    [InlineData("title: x\ndetection:\n    s: {a|cidr: '10.0.0.0/99'}\n    condition: s", SigmaSkipReasons.InvalidCidr)]
    [InlineData("title: x\ndetection:\n    s: {a|gt: ten}\n    condition: s", SigmaSkipReasons.InvalidNumber)]
    [InlineData("title: x\ndetection:\n    s: {a: 1}\n    condition: s | count() > 5", SigmaSkipReasons.UnsupportedCondition)]
    [InlineData("title: x\ndetection:\n    s: {a: 1}\n    condition: s and (s", SigmaSkipReasons.UnsupportedCondition)]
    [InlineData("title: x\ndetection:\n    s: {a: 1}\n    condition: s s", SigmaSkipReasons.UnsupportedCondition)]
    [InlineData("title: x\ndetection:\n    s: {a: 1}\n    condition: t", SigmaSkipReasons.UnknownIdentifier)]
    [InlineData("title: x\ndetection:\n    s: {a: 1}\n    condition: 1 of f*", SigmaSkipReasons.UnknownIdentifier)]
    [InlineData("title: x\ndetection:\n    s: {a: {b: c}}\n    condition: s", "unsupported-value:nested")]
    [InlineData("title: x\ncorrelation:\n    type: event_count\n    rules: [a]", SigmaSkipReasons.CorrelationRule)]
    [InlineData("title: x\naction: global\nlogsource: {product: windows}", SigmaSkipReasons.RuleCollection)]
    [InlineData("title: x\ndetection:\n    s: {a: 1}\n    condition: s\n---\ntitle: y", SigmaSkipReasons.MultiDocument)]
    public void A_rule_the_engine_cannot_run_is_refused_with_its_reason(string yaml, string reason) =>
        Assert.Equal(reason, Refusal(yaml));

    [Fact]
    public void The_folder_loader_reads_nested_folders_and_reports_bad_files_without_throwing()
    {
        Directory.CreateDirectory(Path.Combine(folder, "windows", "process_creation"));
        File.WriteAllText(Path.Combine(folder, "windows", "process_creation", "whoami.yml"), Valid);
        File.WriteAllText(Path.Combine(folder, "second.yaml"), Valid.Replace("Whoami run", "Second", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(folder, "broken.yml"), "title: [");
        File.WriteAllText(Path.Combine(folder, "modifier.yml"), Valid.Replace("|endswith", "|endswith|xyz", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a rule");

        var result = SigmaRuleLoader.LoadFolder(folder);

        Assert.Equal(["Second", "Whoami run"], result.Rules.Select(r => r.Title).Order(StringComparer.Ordinal));
        Assert.Equal(2, result.Skipped.Count);
        Assert.Contains(result.Skipped, s => s.File.EndsWith("broken.yml", StringComparison.Ordinal) && s.Reason == SigmaSkipReasons.YamlError);
        Assert.Contains(result.Skipped, s => s.File.EndsWith("modifier.yml", StringComparison.Ordinal) && s.Reason == "unsupported-modifier:xyz");
    }

    [Fact]
    public void A_rule_whose_logsource_we_cannot_map_loads_is_counted_and_never_matches()
    {
        File.WriteAllText(Path.Combine(folder, "okta.yml"), """
            title: Okta thing
            logsource:
                product: okta
                service: okta
            detection:
                keywords:
                    - 'WS-FIN-07'
                condition: keywords
            """);

        var result = SigmaRuleLoader.LoadFolder(folder);
        var set = new SigmaRuleSet(result.Rules);

        Assert.Equal(1, result.UnmappedLogsourceCount);
        Assert.Equal(1, set.UnmappedCount);
        Assert.Empty(set.Match(Process(("Image", "a.exe"))));
    }
}
