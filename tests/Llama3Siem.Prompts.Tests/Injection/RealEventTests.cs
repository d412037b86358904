using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Injection;
using Llama3Siem.Prompts.Tests.Events;

namespace Llama3Siem.Prompts.Tests.Injection;

/// <summary>
/// Recorded events: the shipped samples, whose one prompt-injection attempt (samples/README.md, 09:07) must be
/// found and nothing else, and the OTRF security-datasets recordings (PowerShell stagers, encoded commands,
/// service creation, S3 exfiltration), where real attack telemetry is not injection and no finding may come out.
/// </summary>
public sealed class RealEventTests(ITestOutputHelper output)
{
    [Fact]
    public void Shipped_samples_hold_only_the_documented_injection_attempt()
    {
        var findings = Findings(RepositoryFiles.Lines(RepositoryFiles.Sample("events.jsonl")), "events.jsonl");

        var (evt, finding) = Assert.Single(findings);
        Assert.Equal("CommandLine", finding.Field);
        Assert.Contains("<|eot_id|>", evt.CommandLine, StringComparison.Ordinal);
        Assert.Superset(
            new HashSet<string> { InjectionKinds.SpecialToken, InjectionKinds.RoleHeader, InjectionKinds.InstructionOverride },
            finding.Kinds.ToHashSet());
    }

    [Fact]
    public void Recorded_attack_telemetry_has_no_injection()
    {
        var folder = RepositoryFiles.SharedSamples();
        if (folder is null)
        {
            Assert.Skip("The OTRF samples are not here: <repo>/../shared/data/samples is absent.");
        }

        foreach (var file in Directory.GetFiles(folder, "*.json").Where(f => !f.EndsWith("manifest.json", StringComparison.Ordinal)))
        {
            var findings = Findings(RepositoryFiles.Lines(file), Path.GetFileName(file));
            Assert.True(findings.Count == 0, string.Join('\n', findings.Select(f => $"{f.Event.Id} {f.Finding.Field}: {string.Join('|', f.Finding.Kinds)}")));
        }
    }

    private List<(SecurityEvent Event, InjectionFinding Finding)> Findings(IReadOnlyList<byte[]> lines, string name)
    {
        var parser = new EventParser();
        var findings = new List<(SecurityEvent, InjectionFinding)>();
        foreach (var line in lines)
        {
            var result = parser.Parse(line);
            if (result.IsSuccess)
            {
                findings.AddRange(InjectionDetector.Default.Scan(result.Event!).Select(f => (result.Event!, f)));
            }
        }

        output.WriteLine($"{name}: {lines.Count} records, {findings.Count} findings");
        return findings;
    }
}
