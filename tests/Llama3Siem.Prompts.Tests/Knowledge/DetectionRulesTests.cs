using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Prompts.Tests.Events;

namespace Llama3Siem.Prompts.Tests.Knowledge;

public sealed class DetectionRulesTests
{
    /// <summary>One event (or burst) that each rule must fire on.</summary>
    public static TheoryData<string, string> Positives => new()
    {
        { "lsass-minidump-comsvcs", "T1003.001" },
        { "lsass-process-access", "T1003.001" },
        { "lsass-object-read", "T1003.001" },
        { "powershell-encoded-command", "T1059.001" },
        { "powershell-encoded-command-obfuscation", "T1027" },
        { "powershell-download-cradle", "T1105" },
        { "scheduled-task-created", "T1053.005" },
        { "service-installed", "T1543.003" },
        { "psexec-service", "T1569.002" },
        { "admin-share-service-control", "T1021.002" },
        { "admin-share-access", "T1021.002" },
        { "wmi-process-create", "T1047" },
        { "winrm-remote-session", "T1021.006" },
        { "rdp-logon", "T1021.001" },
        { "failed-logon-burst", "T1110" },
        { "discovery-whoami", "T1033" },
        { "discovery-accounts", "T1087.002" },
        { "discovery-domain-trusts", "T1482" },
        { "discovery-network-config", "T1016" },
        { "discovery-system-info", "T1082" },
        { "shadow-copy-deletion", "T1490" },
        { "event-log-cleared", "T1070.001" },
        { "local-account-created", "T1136.001" },
        { "kerberoasting-rc4-ticket", "T1558.003" },
        { "defender-disabled", "T1562.001" },
        { "mass-file-encryption", "T1486" },
        { "cloud-assumed-role-from-outside", "T1078.004" },
        { "cloud-storage-object-read", "T1530" },
        { "cloud-storage-discovery", "T1619" },
        { "ids-command-and-control", "T1071.001" },
        { "ids-exploit-public-facing", "T1190" },
    };

    [Fact]
    public void Every_rule_has_a_positive_case_here_and_names_an_active_technique()
    {
        Assert.Equal(DetectionRules.All.Select(r => r.Name).Order(), Positives.Select(p => p.Data.Item1).Order());
        Assert.All(DetectionRules.All, r => Assert.True(ThreatKnowledge.BuiltIn.TryGetActiveTechnique(r.TechniqueId, out _), r.TechniqueId));
    }

    [Theory]
    [MemberData(nameof(Positives))]
    public void Rule_fires_on_its_behaviour_and_cites_the_events(string ruleName, string techniqueId)
    {
        var rule = DetectionRules.All.Single(r => r.Name == ruleName);
        var events = DetectionCases.PositiveEvents(ruleName);

        var support = rule.Match(events);

        Assert.Equal(techniqueId, rule.TechniqueId);
        Assert.NotEmpty(support);
        var detected = Assert.Single(DetectionRules.Detect(events), d => d.TechniqueId == techniqueId);
        Assert.Contains(ruleName, detected.Rules.Select(r => r.Id));
        Assert.All(support, e => Assert.Contains(e.Id, detected.EventIds));
    }

    [Fact]
    public void Benign_administration_fires_no_rule()
    {
        var benign = DetectionCases.Benign();

        Assert.Empty(DetectionRules.Detect(benign));
    }

    [Fact]
    public void Techniques_found_by_several_rules_are_reported_once_with_merged_evidence()
    {
        var events = DetectionCases.SameTechniqueTwice();

        var detected = Assert.Single(DetectionRules.Detect(events));

        Assert.Equal("T1003.001", detected.TechniqueId);
        Assert.Equal(["x1", "x2"], detected.EventIds);
    }

    [Fact]
    public void Detecting_over_the_shipped_samples_equals_every_rule_run_on_its_own()
    {
        var parser = EventParsing.Parser();
        var events = RepositoryFiles.Lines(RepositoryFiles.Sample("events.jsonl")).Select(line => parser.Parse(line).Event!).ToList();

        // Outside Detect, each rule derives the event codes and texts afresh: the reference for Detect's shared facts.
        var expected = DetectionRules.All
            .Select(rule => (Rule: rule, Support: rule.Match(events)))
            .Where(found => found.Support.Count > 0)
            .GroupBy(found => found.Rule.TechniqueId)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => (
                group.Key,
                string.Join(',', group.Select(found => found.Rule.Name)),
                string.Join(',', group.SelectMany(found => found.Support.Select(e => e.Id)).Distinct().Order(StringComparer.Ordinal))))
            .ToList();

        var detected = DetectionRules.Detect(events);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, detected.Select(t => (t.TechniqueId, string.Join(",", t.Rules.Select(r => r.Id)), string.Join(',', t.EventIds))).ToList());
    }
}
