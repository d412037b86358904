using System.Text;
using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Tests.Events;
using Llama3Siem.TestModels;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>
/// SigmaHQ's rules in /work/shared (read, never copied into the project) against events of our own making:
/// the rule index must find exactly what evaluating every rule finds.
/// </summary>
public sealed class SigmaHqRuleIndexTests(ITestOutputHelper output)
{
    private static readonly string[] Areas = ["windows", "linux", "cloud", "network"];

    [Fact]
    public void The_index_finds_exactly_what_evaluating_every_sigmahq_rule_finds()
    {
        var root = RepositoryFiles.SharedData(Path.Combine("sigma", "rules"));
        Assert.SkipWhen(root is null, "/work/shared/data/sigma/rules is absent");
        var set = new SigmaRuleSet(Areas.SelectMany(a => SigmaRuleLoader.LoadFolder(Path.Combine(root!, a)).Rules));

        var events = Corpus();
        var differences = new List<string>();
        var fired = new HashSet<SigmaRule>();
        var matches = 0;
        foreach (var evt in events)
        {
            var expected = set.MatchEveryRule(evt).Select(m => m.Rule).ToList();
            var actual = set.Match(evt).Select(m => m.Rule).ToList();
            if (!expected.SequenceEqual(actual))
            {
                differences.Add($"{evt.Origin}: every rule [{string.Join(", ", expected.Select(r => r.Title))}], "
                    + $"index [{string.Join(", ", actual.Select(r => r.Title))}]");
            }

            matches += actual.Count;
            fired.UnionWith(actual);
        }

        output.WriteLine($"{set.Count} rules, {set.IndexedCount} indexed; {events.Count} events, {matches} matches of {fired.Count} rules");
        Assert.Empty(differences.Take(20));

        // The corpus is only a proof where it makes many rules fire, across logsources.
        Assert.True(fired.Count >= 150, $"only {fired.Count} rules fired");
        Assert.True(fired.Select(r => r.Logsource).Distinct().Count() >= 12);
    }

    /// <summary>
    /// The shipped samples, every template of <see cref="SecurityEventCorpus"/> as written, in other case,
    /// and rewritten the ways attackers vary text (flags with other dashes, a Kelvin sign for k, a Cyrillic а
    /// for a), and a day's mix of it.
    /// </summary>
    private static List<SecurityEvent> Corpus()
    {
        var parser = new EventParser();
        var samples = new[] { "events.jsonl", "windows-raw.jsonl" }.SelectMany(f => RepositoryFiles.Lines(RepositoryFiles.Sample(f)));
        var generated = SecurityEventCorpus.EveryTemplate()
            .Concat(SecurityEventCorpus.EveryTemplate(shuffleCase: true))
            .Concat(SecurityEventCorpus.Mixed(3000, seed: 7))
            .Select(Encoding.UTF8.GetBytes);
        var events = samples.Concat(generated)
            .Select((line, i) => parser.Parse(line, $"corpus:{i}").Event ?? throw new InvalidDataException($"corpus line {i} does not parse"))
            .ToList();

        var templates = SecurityEventCorpus.EveryTemplate().Select(l => parser.Parse(Encoding.UTF8.GetBytes(l), "template").Event!).ToList();
        Func<string, string>[] rewrites =
        [
            text => text.Replace(" -", " /", StringComparison.Ordinal),
            text => text.Replace(" /", " \u2013", StringComparison.Ordinal).Replace(" -", " \u2014", StringComparison.Ordinal),
            text => text.Replace('k', '\u212A').Replace('K', '\u212A'),
            text => text.Replace('a', '\u0430'),
        ];
        foreach (var (rewrite, n) in rewrites.Select((r, n) => (r, n)))
        {
            events.AddRange(templates.Select((evt, i) => Rewritten(evt, rewrite, $"rewrite{n}:{i}")));
        }

        return events;
    }

    private static SecurityEvent Rewritten(SecurityEvent evt, Func<string, string> rewrite, string origin) => evt with
    {
        Fields = evt.Fields.ToDictionary(f => f.Key, f => rewrite(f.Value), StringComparer.Ordinal),
        ProcessName = evt.ProcessName is { } process ? rewrite(process) : null,
        CommandLine = evt.CommandLine is { } commandLine ? rewrite(commandLine) : null,
        ParentProcessName = evt.ParentProcessName is { } parent ? rewrite(parent) : null,
        Origin = origin,
    };
}
