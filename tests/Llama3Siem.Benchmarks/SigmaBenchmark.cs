using System.Diagnostics;
using System.Globalization;
using System.Text;
using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Events;
using Llama3Siem.TestModels;

namespace Llama3Siem.Benchmarks;

/// <summary>
/// Sigma matching alone (issue 13): SigmaHQ's windows, linux, cloud and network rules over a mix of events on
/// one thread, first evaluating every rule of each logsource the event belongs to, then through the rule
/// index. Both must find the same matches for every event; the table shows the events per second of each.
/// </summary>
internal sealed class SigmaBenchmark(string repositoryRoot, string? rulesFolder, int eventCount, TextWriter progress)
{
    /// <summary>Issue 13's target for matching with every SigmaHQ rule loaded.</summary>
    public const double TargetEventsPerSecond = 10_000;

    /// <summary>Timed passes over the events after a warm-up pass; the fastest counts, as the others met more noise.</summary>
    private const int Rounds = 3;

    /// <summary>One event in this many is a copy of samples/events.jsonl (the pipeline benchmark's input); the rest are generated.</summary>
    private const int SampleShare = 5;

    public int Run(TextWriter output)
    {
        var folder = rulesFolder ?? SigmaHqRules.Find(repositoryRoot);
        if (folder is null || !Directory.Exists(folder))
        {
            progress.WriteLine(rulesFolder is null
                ? "No Sigma rules: shared/data/sigma/rules was not found; pass --sigma-rules <SigmaHQ's rules folder>."
                : $"No Sigma rules: {rulesFolder} is not a folder.");
            return 2;
        }

        var load = Stopwatch.StartNew();
        var paths = SigmaHqRules.Paths(folder);
        var areas = paths.Select(path => Path.GetFileName(path)).ToList();
        var results = paths.Select(SigmaRuleLoader.LoadFolder).ToList();
        var loadSeconds = load.Elapsed.TotalSeconds;
        var build = Stopwatch.StartNew();
        var set = new SigmaRuleSet(results.SelectMany(r => r.Rules));
        var buildSeconds = build.Elapsed.TotalSeconds;
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rules: {set.Count:N0} from {folder} ({string.Join(", ", areas)}) loaded in {loadSeconds:F1} s, set built in {buildSeconds * 1000:F0} ms"));

        var events = Events(eventCount);
        progress.WriteLine($"events: {events.Count:N0}; checking that both ways find the same matches");
        var (identical, matches) = Compare(set, events);

        progress.WriteLine("timing every rule evaluated");
        var brute = Time(events, evt => set.MatchEveryRule(evt));
        progress.WriteLine("timing the index");
        var indexed = Time(events, evt => set.Match(evt));

        WriteTable(output, set, areas, results.Sum(r => r.Skipped.Count), events, identical, matches, brute, indexed, buildSeconds);
        return identical == events.Count ? 0 : 1;
    }

    /// <summary>
    /// The mix: one event in <see cref="SampleShare"/> from the pipeline benchmark's copies of
    /// samples/events.jsonl (an attack story in every format), the rest a working day of Windows, cloud, Linux
    /// and network telemetry from <see cref="SecurityEventCorpus"/>, attacks among it.
    /// </summary>
    private List<SecurityEvent> Events(int count)
    {
        var sample = File.ReadAllLines(Path.Combine(repositoryRoot, "samples", "events.jsonl")).Where(l => l.Length > 0).ToList();
        var generated = SecurityEventCorpus.Mixed(count - count / SampleShare);
        var parser = new EventParser();
        var events = new List<SecurityEvent>(count);
        var fromSample = 0;
        var fromCorpus = 0;
        for (var i = 0; i < count; i++)
        {
            var line = i % SampleShare == 0
                ? PipelineInput.Vary(sample[fromSample % sample.Count], fromSample++ / sample.Count)
                : generated[fromCorpus++];
            if (parser.Parse(Encoding.UTF8.GetBytes(line), "sigma-bench").Event is { } evt)
            {
                events.Add(evt);
            }
        }

        return events;
    }

    /// <summary>How many events got the same matches, in the same order, both ways; and how many matches the index found.</summary>
    private static (int Identical, int Matches) Compare(SigmaRuleSet set, List<SecurityEvent> events)
    {
        var identical = 0;
        var matches = 0;
        foreach (var evt in events)
        {
            var expected = set.MatchEveryRule(evt);
            var actual = set.Match(evt);
            matches += actual.Count;
            identical += expected.Select(m => m.Rule).SequenceEqual(actual.Select(m => m.Rule)) ? 1 : 0;
        }

        return (identical, matches);
    }

    private static Timing Time(List<SecurityEvent> events, Func<SecurityEvent, IReadOnlyList<SigmaMatch>> match)
    {
        // The warm-up pass compiles the code and fills the lazy parts of the rules (regexes).
        foreach (var evt in events)
        {
            match(evt);
        }

        var best = TimeSpan.MaxValue;
        var cpu = TimeSpan.Zero;
        var matches = 0;
        for (var round = 0; round < Rounds; round++)
        {
            matches = 0;
            var cpuBefore = CpuTime();
            var watch = Stopwatch.StartNew();
            foreach (var evt in events)
            {
                matches += match(evt).Count;
            }

            watch.Stop();
            if (watch.Elapsed < best)
            {
                best = watch.Elapsed;
                cpu = CpuTime() - cpuBefore;
            }
        }

        return new Timing(best, cpu, matches);
    }

    /// <summary>This process's CPU time: on a machine shared with other work, a steadier measure than the wall clock.</summary>
    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static void WriteTable(TextWriter output, SigmaRuleSet set, List<string> areas, int skipped, List<SecurityEvent> events,
        int identical, int matches, Timing brute, Timing indexed, double buildSeconds)
    {
        var mapped = set.Count - set.UnmappedCount;
        var formats = string.Join(", ", events.GroupBy(e => e.Format).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}"));
        output.WriteLine("Sigma matching: SigmaRuleSet.Match on one thread, every rule evaluated vs the rule index");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  rules         {set.Count,10:N0}   ({string.Join(", ", areas)}; {skipped:N0} files skipped), {set.UnmappedCount:N0} with an unmapped logsource"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  indexed       {set.IndexedCount,10:N0}   of {mapped:N0} mapped; {mapped - set.IndexedCount:N0} evaluated on every event of their logsource; set built in {buildSeconds * 1000:F0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  events        {events.Count,10:N0}   ({formats})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  same matches  {identical,10:N0}   events of {events.Count:N0} ({(identical == events.Count ? "all" : "DIFFERENT")}); {matches:N0} matches"));
        output.WriteLine();
        output.WriteLine("  way                  events/s   µs/event    matches   best of 3: s (CPU s)");
        foreach (var (name, timing) in new[] { ("every rule", brute), ("rule index", indexed) })
        {
            var rate = events.Count / timing.Elapsed.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-16} {rate,12:N0} {1e6 / rate,10:F1} {timing.Matches,10:N0}   {timing.Elapsed.TotalSeconds:F2} ({timing.Cpu.TotalSeconds:F2})"));
        }

        var indexedRate = events.Count / indexed.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  speed-up      {brute.Elapsed / indexed.Elapsed,10:F1}x   target >= {TargetEventsPerSecond:N0} events/s with the index: {(indexedRate >= TargetEventsPerSecond ? "PASS" : "MISS")}"));
    }

    private sealed record Timing(TimeSpan Elapsed, TimeSpan Cpu, int Matches);
}
