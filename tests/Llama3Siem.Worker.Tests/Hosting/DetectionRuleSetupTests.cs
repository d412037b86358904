using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Hosting;
using Llama3Siem.Worker.Tests.Inference;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Tests.Hosting;

/// <summary>At start the operator's Sigma rules join the built-in ones; a rule that cannot be used is named, counted, never fatal.</summary>
public sealed class DetectionRuleSetupTests
{
    private const string OperatorRule = """
        title: Operator rule for a renamed remote-admin tool
        id: 6b1e1f2c-3a44-4d8e-9c1f-2f7a8a0d9e41
        level: high
        tags: [attack.lateral-movement, attack.t1021.002]
        logsource:
            product: windows
            category: process_creation
        detection:
            selection:
                Image|endswith: '\remadm.exe'
            condition: selection
        """;

    [Fact]
    public void Operator_rules_join_the_built_in_ones_and_each_unusable_rule_is_logged_with_its_file_and_reason()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "remadm.yml"), OperatorRule);
        var broken = Path.Combine(folder.Path, "broken.yml");
        File.WriteAllText(broken, OperatorRule.Replace("Image|endswith", "Image|sideways", StringComparison.Ordinal));
        var logs = new RecordingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));

        var engine = DetectionRuleSetup.Build(new DetectionOptions { SigmaPaths = [folder.Path] }, ThreatKnowledge.BuiltIn, factory.CreateLogger("test"));

        Assert.Equal(DetectionEngine.BuiltIn.RuleCount + 1, engine.RuleCount);
        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains(broken, warning.Message, StringComparison.Ordinal);
        Assert.Contains("unsupported-modifier:sideways", warning.Message, StringComparison.Ordinal);
        var summary = Assert.Single(logs.Entries, e => e.Level == LogLevel.Information);
        Assert.Contains("1 from Detection:SigmaPaths", summary.Message, StringComparison.Ordinal);
        Assert.Contains("1 skipped", summary.Message, StringComparison.Ordinal);

        var evt = new SecurityEvent
        {
            Id = "evt-1",
            Timestamp = DateTimeOffset.UnixEpoch,
            Format = EventFormats.Windows,
            Fields = new Dictionary<string, string>
            {
                ["EventID"] = "1",
                ["Channel"] = "Microsoft-Windows-Sysmon/Operational",
                ["Image"] = @"C:\Users\Public\remadm.exe",
            },
        };
        var technique = Assert.Single(engine.Detect([evt]).Techniques, t => t.TechniqueId == "T1021.002");
        Assert.Contains(technique.Rules, r => r.Id == "6b1e1f2c-3a44-4d8e-9c1f-2f7a8a0d9e41");
    }

    [Fact]
    public void Without_operator_rules_the_shared_built_in_engine_is_used()
    {
        var logs = new RecordingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));

        var engine = DetectionRuleSetup.Build(new DetectionOptions(), ThreatKnowledge.BuiltIn, factory.CreateLogger("test"));

        Assert.Same(DetectionEngine.BuiltIn, engine);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }
}
