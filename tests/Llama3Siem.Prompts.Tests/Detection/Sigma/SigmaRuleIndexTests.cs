using System.Text.RegularExpressions;
using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Events;
using static Llama3Siem.Prompts.Tests.Detection.Sigma.SigmaTesting;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>The rule index: its literal searches, what it leaves out, and that it leaves out nothing that matches.</summary>
public sealed class SigmaRuleIndexTests
{
    private const char KelvinSign = '\u212A';

    [Fact]
    public void Folding_keeps_every_character_that_equals_an_ascii_one_ignoring_case_with_it()
    {
        // Fold sends every character outside ASCII but the Kelvin sign to one symbol, so it is sound for a
        // comparison when whatever that comparison finds equal to an ASCII character or the Kelvin sign folds
        // alike. Plain rule values compare ordinally ignoring case; values with wildcards are regexes, with or
        // without the non-backtracking engine.
        char[] kept = [.. Enumerable.Range(0, 128).Select(c => (char)c), KelvinSign];
        var engines = new[] { RegexOptions.None, RegexOptions.NonBacktracking }
            .Select(engine => RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | engine).ToList();
        var anyKept = engines.Select(options => new Regex($"^[{Regex.Escape(new string(kept))}]$", options)).ToList();
        var each = kept.ToDictionary(k => k, k => engines.Select(options => new Regex($"^{Regex.Escape(k.ToString())}$", options)).ToList());
        for (var code = 0; code <= char.MaxValue; code++)
        {
            var c = (char)code;
            var text = c.ToString();
            foreach (var k in kept)
            {
                if (string.Equals(text, k.ToString(), StringComparison.OrdinalIgnoreCase))
                {
                    Assert.Equal(SigmaSubstringSearch.Fold(k), SigmaSubstringSearch.Fold(c));
                }
            }

            if (anyKept.Any(r => r.IsMatch(text)))
            {
                foreach (var k in kept.Where(k => each[k].Any(r => r.IsMatch(text))))
                {
                    Assert.Equal(SigmaSubstringSearch.Fold(k), SigmaSubstringSearch.Fold(c));
                }
            }
        }
    }

    [Fact]
    public void The_substring_search_finds_overlapping_and_nested_substrings_ignoring_case()
    {
        var search = new SigmaSubstringSearch([("he", 0), ("she", 1), ("his", 2), ("hers", 3)]);

        Assert.Equal([0, 1, 3], Found(marks => search.Mark("USHERS", marks)));
        Assert.Equal([2], Found(marks => search.Mark("this", marks)));
        Assert.Empty(Found(marks => search.Mark("h e r s", marks)));
    }

    [Fact]
    public void The_affix_search_finds_prefixes_suffixes_and_whole_values_ignoring_case()
    {
        var starts = new SigmaAffixSearch([(@"C:\Windows\", false, 0), (@"C:\Windows\System32\cmd.exe", true, 1), ("C:", false, 2)], fromEnd: false);
        var ends = new SigmaAffixSearch([(@"\cmd.exe", false, 0), (".exe", false, 1), (@"\powershell.exe", false, 2)], fromEnd: true);

        Assert.Equal([0, 1, 2], Found(marks => starts.Mark(@"c:\WINDOWS\system32\CMD.EXE", marks)));
        Assert.Equal([0, 2], Found(marks => starts.Mark(@"C:\Windows\System32\cmd.exe.bak", marks)));
        Assert.Equal([0, 1], Found(marks => ends.Mark(@"C:\Windows\System32\CMD.exe", marks)));
        Assert.Empty(Found(marks => ends.Mark(@"C:\Windows\System32\cmd.exe ", marks)));
    }

    [Fact]
    public void A_rule_whose_requirement_the_event_does_not_meet_is_not_evaluated()
    {
        var rule = ProcessCreationRule("""
                selection:
                    Image|endswith: '\certutil.exe'
                    ParentCommandLine|re: 'urlcache'
                condition: selection
            """);
        var resolver = new RecordingResolver();
        var set = new SigmaRuleSet([rule], resolver);

        Assert.Empty(set.Match(Process(("Image", @"C:\Windows\System32\notepad.exe"), ("ParentCommandLine", "urlcache"))));
        Assert.DoesNotContain("ParentCommandLine", resolver.Asked);
        Assert.Single(set.Match(Process(("Image", @"C:\Windows\System32\certutil.exe"), ("ParentCommandLine", "urlcache"))));
    }

    [Fact]
    public void A_rule_without_requirements_is_evaluated_on_every_event_of_its_logsource()
    {
        var rule = ProcessCreationRule("""
                selection:
                    CommandLine|re: '(?i)-e(nc|ncodedcommand)? '
                filter:
                    Image|endswith: '\pwsh.exe'
                condition: selection and not filter
            """);
        var set = new SigmaRuleSet([rule]);

        Assert.Equal(0, set.IndexedCount);
        Assert.Single(set.Match(Process(("Image", @"C:\x\powershell.exe"), ("CommandLine", "powershell -enc SQBFAFgA"))));
        Assert.Empty(set.Match(Process(("Image", @"C:\x\pwsh.exe"), ("CommandLine", "pwsh -enc SQBFAFgA"))));
    }

    [Fact]
    public void Matches_keep_the_order_of_the_rules_across_logsources()
    {
        var first = ProcessCreationRule("""
                selection:
                    Image|endswith: '\whoami.exe'
                condition: selection
            """);
        var second = SigmaRule.Parse("""
            title: Any Sysmon event from whoami
            logsource:
                product: windows
                service: sysmon
            detection:
                selection:
                    Image|contains: 'whoami'
                condition: selection
            """);
        var third = ProcessCreationRule("""
                selection:
                    CommandLine|contains: '/priv'
                condition: selection
            """);

        var matches = new SigmaRuleSet([first, second, third]).Match(Process(("Image", @"C:\Windows\System32\whoami.exe"), ("CommandLine", "whoami /priv")));

        Assert.Equal([first, second, third], matches.Select(m => m.Rule));
    }

    [Fact]
    public void A_kelvin_sign_passes_for_k_where_the_rule_compares_as_a_regex_does()
    {
        // The wildcard value is a case-insensitive regex, for which the Kelvin sign is a k; a plain value is
        // compared ordinally ignoring case, for which it is not. The index must keep both rules' answers.
        var wildcard = ProcessCreationRule("""
                selection:
                    Image: '*\mimikatz.exe'
                condition: selection
            """);
        var plain = ProcessCreationRule("""
                selection:
                    Image|endswith: '\mimikatz.exe'
                condition: selection
            """);
        var kelvin = Process(("Image", $@"C:\Users\Public\mimi{KelvinSign}atz.exe"));

        Assert.True(Matches(wildcard, kelvin));
        Assert.False(Matches(plain, kelvin));
    }

    [Fact]
    public void Text_outside_ascii_matches_as_the_rule_compares_it_ignoring_case()
    {
        var rule = ProcessCreationRule("""
                selection:
                    CommandLine|contains:
                        - '🦆'
                        - 'ПРИВЕТ'
                condition: selection
            """);

        Assert.True(Matches(rule, Process(("CommandLine", "echo 🦆"))));
        Assert.True(Matches(rule, Process(("CommandLine", "echo привет"))));
        Assert.False(Matches(rule, Process(("CommandLine", "echo 🦅 Zoë"))));
        Assert.False(Matches(rule, Process(("CommandLine", "echo hello"))));
    }

    /// <summary>The ids whose bits an action sets in fresh marks.</summary>
    private static List<int> Found(MarksAction mark)
    {
        var marks = new ulong[1];
        mark(marks);
        return [.. Enumerable.Range(0, 64).Where(i => (marks[0] & (1UL << i)) != 0)];
    }

    private delegate void MarksAction(Span<ulong> marks);

    /// <summary>The default resolver, noting which fields were asked for.</summary>
    private sealed class RecordingResolver : ISigmaFieldResolver
    {
        public HashSet<string> Asked { get; } = [];

        public IReadOnlyList<string> Resolve(SecurityEvent evt, string field)
        {
            Asked.Add(field);
            return SigmaFieldResolver.Default.Resolve(evt, field);
        }
    }
}
