using System.Diagnostics;
using System.Globalization;
using System.Text;
using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Injection;
using Llama3Siem.Prompts.Iocs;
using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Sinks.Sqlite;
using Llama3Siem.Worker.Cli;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Correlation;

namespace Llama3Siem.Benchmarks;

/// <summary>
/// The deterministic path (issue #4 item 9): the real <c>enrich</c> command, in this process and without a
/// model, over a generated stream; then each stage alone over the same data, to show where the time goes.
/// </summary>
/// <param name="sigmaPaths">
/// Sigma rule folders to load beside the built-in rules (SigmaHQ's set, issue 13): with any, the run is repeated with
/// them and both figures are printed side by side.
/// </param>
internal sealed class PipelineBenchmark(string repositoryRoot, int eventCount, TextWriter progress, IReadOnlyList<string>? sigmaPaths = null)
{
    /// <summary>Issue 13's target for the deterministic path with every operator rule loaded.</summary>
    public const double TargetWithAllRulesEventsPerSecond = 10_000;

    /// <summary>Issue #4's target for one worker process.</summary>
    public const double TargetEventsPerSecond = 20_000;

    private const int HousekeepingInterval = 256;
    private const int BatchEvents = 64;

    public async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("llama3siem-pipeline-");
        try
        {
            var input = Path.Combine(scratch.FullName, "events.jsonl");
            var generation = Stopwatch.StartNew();
            var written = PipelineInput.Write(Path.Combine(repositoryRoot, "samples", "events.jsonl"), input, eventCount);
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"input: {written:N0} events, {new FileInfo(input).Length / 1024.0 / 1024.0:F1} MiB, generated in {generation.Elapsed.TotalSeconds:F1} s"));

            var endToEnd = await RunEnrichAsync(input, Path.Combine(scratch.FullName, "cli.db"), Path.Combine(scratch.FullName, "dead.jsonl"));
            var peakRss = ProcessMemory.PeakResidentBytes();

            // A second run into a fresh database: the same work with the code already compiled (a long-running worker's steady state).
            var warm = await RunEnrichAsync(input, Path.Combine(scratch.FullName, "cli-warm.db"), Path.Combine(scratch.FullName, "dead-warm.jsonl"));
            await progress.WriteLineAsync("end to end done; now each stage alone");

            var stages = await RunStagesAsync(input, Path.Combine(scratch.FullName, "stages.db"), cancellationToken);
            WriteTable(output, written, endToEnd, warm, peakRss, stages.Timings);
            if (sigmaPaths is { Count: > 0 })
            {
                // Both sides run after the stages, back to back, so the JIT has promoted the same hot code for each.
                await progress.WriteLineAsync($"again with the built-in rules only, then with the Sigma rules of {string.Join(", ", sigmaPaths)}");
                var builtInOnly = await RunEnrichAsync(input, Path.Combine(scratch.FullName, "cli-builtin.db"), Path.Combine(scratch.FullName, "dead-builtin.jsonl"));
                var withRules = await RunEnrichAsync(input, Path.Combine(scratch.FullName, "cli-sigma.db"), Path.Combine(scratch.FullName, "dead-sigma.jsonl"), sigmaPaths);
                var builtInOnlyAgain = await RunEnrichAsync(input, Path.Combine(scratch.FullName, "cli-builtin-2.db"), Path.Combine(scratch.FullName, "dead-builtin-2.jsonl"));
                var withRulesAgain = await RunEnrichAsync(input, Path.Combine(scratch.FullName, "cli-sigma-2.db"), Path.Combine(scratch.FullName, "dead-sigma-2.jsonl"), sigmaPaths);
                WriteRulesTable(output, sigmaPaths, (builtInOnly, builtInOnlyAgain), (withRules, withRulesAgain), stages);
            }

            return endToEnd.ExitCode;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private async Task<EndToEnd> RunEnrichAsync(string input, string database, string deadLetters, IReadOnlyList<string>? rules = null)
    {
        using var summary = new StringWriter(CultureInfo.InvariantCulture);
        using var errors = new StringWriter(CultureInfo.InvariantCulture);
        var cpu = CpuTime();
        var watch = Stopwatch.StartNew();
        var exit = await Llama3SiemCli.RunAsync(
            ["enrich", "--input", input, "--db", database, "--quiet", $"--DeadLetters:Path={deadLetters}", "--Logging:LogLevel:Default=Warning",
             .. (rules ?? []).Select((path, i) => $"--Detection:SigmaPaths:{i}={path}")],
            summary,
            errors);
        watch.Stop();
        if (exit != Llama3SiemCli.Success)
        {
            await progress.WriteLineAsync($"enrich failed with exit code {exit}: {errors}");
        }

        var text = summary.ToString();
        return new EndToEnd(exit, watch.Elapsed, CpuTime() - cpu, CountOf(text, "events"), CountOf(text, "incidents"), CountOf(text, "iocs"), SecondsOf(text, "elapsed"), text);
    }

    /// <summary>Each stage alone, fed by the previous stage's output (which is computed outside its timing).</summary>
    private async Task<Stages> RunStagesAsync(string input, string database, CancellationToken cancellationToken)
    {
        var stages = new List<StageTiming>();
        var records = File.ReadAllLines(input).Select(Encoding.UTF8.GetBytes).ToList();

        var parser = new EventParser();
        var events = new List<SecurityEvent>(records.Count);
        stages.Add(Time("parse + normalise", () =>
        {
            foreach (var record in records)
            {
                if (parser.Parse(record, "bench").Event is { } evt)
                {
                    events.Add(evt);
                }
            }
        }));

        var incidents = new List<Incident>();
        stages.Add(Time("correlate", () =>
        {
            var correlator = new IncidentCorrelator(new CorrelationOptions());
            var watermark = DateTimeOffset.MinValue;
            for (var i = 0; i < events.Count; i++)
            {
                var evt = events[i];
                watermark = evt.Timestamp > watermark ? evt.Timestamp : watermark;
                incidents.AddRange(correlator.Add(evt));
                if ((i + 1) % HousekeepingInterval == 0)
                {
                    incidents.AddRange(correlator.CloseIdle(watermark));
                }
            }

            incidents.AddRange(correlator.CloseAll());
        }));

        var analyzer = IncidentAnalyzer.Default;
        stages.Add(Time("IOC extraction", () =>
        {
            foreach (var incident in incidents)
            {
                analyzer.ExtractIocs(incident.Events);
            }
        }));
        // The two scanners inside IOC extraction, each over every distinct text of the incidents' events once.
        var texts = incidents.SelectMany(i => i.Events).SelectMany(IncidentAnalyzer.TextsOf).Distinct(StringComparer.Ordinal).ToList();
        stages.Add(Time($"  IOC extractor ({texts.Count:N0} texts)", () => texts.ForEach(t => IocExtractor.Default.Extract(t))));
        stages.Add(Time("  injection detector", () => texts.ForEach(t => InjectionDetector.Default.Scan(t))));
        var builtInDetected = 0;
        stages.Add(Time("detection rules", () => builtInDetected = incidents.Count(i => DetectionEngine.BuiltIn.Detect(i.Events).Techniques.Count > 0)));

        var withRules = await DetectionWithRulesAsync(events, incidents, builtInDetected);

        var findings = new List<IncidentFindings>(incidents.Count);
        stages.Add(Time("analyse (IOCs + rules + rest)", () => findings.AddRange(incidents.Select(analyzer.Analyze))));

        var documents = new List<EnrichedIncident>(findings.Count);
        var provenance = new EnrichmentProvenance { PromptVersion = Prompts.Templates.EnrichmentPrompt.Version };
        stages.Add(Time("documents", () =>
            documents.AddRange(findings.Select(f => IncidentDocuments.Deterministic(f, NarrativeStatus.NotGenerated, provenance)))));

        var hashes = new List<string>(documents.Count);
        stages.Add(Time("content hash (also inside store)", () => hashes.AddRange(documents.Select(IncidentContent.Hash))));

        // One digest of every document's content: equal digests before and after an optimisation show that
        // it changed no incident, IOC, technique or summary.
        await progress.WriteLineAsync($"content digest of {hashes.Count:N0} documents: {Digest(hashes)}");

        await using var store = new SqliteIncidentStore(new SqliteStoreOptions { Path = database });
        await store.InitializeAsync(cancellationToken);
        var batches = Batches(documents).ToList();
        var storeCpu = CpuTime();
        var storeWatch = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            await store.UpsertAsync(batch, cancellationToken);
        }

        stages.Add(new StageTiming($"store ({batches.Count:N0} upserts)", storeWatch.Elapsed, CpuTime() - storeCpu));
        return new Stages(stages, withRules);
    }

    /// <summary>
    /// The detection stage alone with the operator's rules loaded beside the built-in ones: load and compile time, the
    /// stage's time, and how many incidents got a technique with and without them.
    /// </summary>
    private async Task<RulesStage?> DetectionWithRulesAsync(List<SecurityEvent> events, List<Incident> incidents, int builtInDetected)
    {
        if (sigmaPaths is not { Count: > 0 })
        {
            return null;
        }

        var watch = Stopwatch.StartNew();
        var loaded = SigmaLoadResult.Combine([BuiltInSigmaRules.Load(), .. sigmaPaths.Select(SigmaRuleLoader.Load)]);
        var engine = new DetectionEngine(loaded, ThreatKnowledge.BuiltIn);
        var load = watch.Elapsed;
        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{engine.RuleCount:N0} rules loaded and compiled in {load.TotalSeconds:F2} s"));

        var detected = 0;
        var timing = Time("detection rules + operator's", () => detected = incidents.Count(i => engine.Detect(i.Events).Techniques.Count > 0));
        return new RulesStage(engine.RuleCount, loaded.Skipped.Count, load, timing, events.Count, builtInDetected, detected, incidents.Count);
    }

    /// <summary>The pipeline's batches without a model: closed when they reach 64 events.</summary>
    private static IEnumerable<List<EnrichedIncident>> Batches(IEnumerable<EnrichedIncident> documents)
    {
        var batch = new List<EnrichedIncident>();
        var events = 0;
        foreach (var document in documents)
        {
            batch.Add(document);
            events += document.Events.Count;
            if (events >= BatchEvents)
            {
                yield return batch;
                batch = [];
                events = 0;
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private static StageTiming Time(string name, Action stage)
    {
        var cpu = CpuTime();
        var watch = Stopwatch.StartNew();
        stage();
        return new StageTiming(name, watch.Elapsed, CpuTime() - cpu);
    }

    /// <summary>
    /// This process's CPU time: on a machine shared with other work, a single-threaded stage's CPU time is a
    /// steadier measure than its wall time.
    /// </summary>
    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static string Digest(IEnumerable<string> hashes) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', hashes))))[..16];

    /// <summary>A "label  1.23 s" line of the enrich summary, in seconds; NaN when missing.</summary>
    private static double SecondsOf(string summary, string label)
    {
        foreach (var line in summary.Split('\n'))
        {
            var parts = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 3 && parts[0] == label && parts[2] == "s"
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return seconds;
            }
        }

        return double.NaN;
    }

    private static long CountOf(string summary, string label)
    {
        foreach (var line in summary.Split('\n'))
        {
            var parts = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[0] == label
                && long.TryParse(parts[1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return -1;
    }

    private static void WriteTable(TextWriter output, int written, EndToEnd run, EndToEnd warm, long peakRss, List<StageTiming> stages)
    {
        var rate = run.Events / run.Elapsed.TotalSeconds;
        output.WriteLine("Deterministic pipeline: the enrich command in-process, no model (parse, normalise, correlate, analyse, store)");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  input         {written,12:N0} generated events ({PipelineInput.CopySpacing.TotalHours:F0} h between copies of samples/events.jsonl)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  events        {run.Events,12:N0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  incidents     {run.Incidents,12:N0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  iocs          {run.Iocs,12:N0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seconds       {run.Elapsed.TotalSeconds,12:F2}   (host start included; CPU {run.Cpu.TotalSeconds:F2} s, all threads)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  events/s      {rate,12:N0}   target >= {TargetEventsPerSecond:N0}: {(rate >= TargetEventsPerSecond ? "PASS" : "MISS")}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  peak RSS      {peakRss / 1024.0 / 1024.0,12:N0} MiB   (first run)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  second run    {warm.Elapsed.TotalSeconds,12:F2} s = {warm.Events / warm.Elapsed.TotalSeconds:N0} events/s (same process, code already compiled; CPU {warm.Cpu.TotalSeconds:F2} s)"));
        output.WriteLine();
        output.WriteLine("Stages alone over the same data (each fed by the previous stage's output)");
        output.WriteLine("  stage                                  seconds     events/s   share    CPU s");
        var counted = stages.Where(s => !s.Name.StartsWith("IOC", StringComparison.Ordinal) && !s.Name.StartsWith(' ') && !s.Name.StartsWith("detection", StringComparison.Ordinal) && !s.Name.StartsWith("content", StringComparison.Ordinal)).ToList();
        var total = counted.Sum(s => s.Elapsed.TotalSeconds);
        foreach (var stage in stages)
        {
            var seconds = stage.Elapsed.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {stage.Name,-36} {seconds,9:F3} {run.Events / seconds,12:N0}  {seconds / total,6:P0} {stage.Cpu.TotalSeconds,8:F3}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {"sum (IOC, rule, hash lines are inside)",-36} {total,9:F3} {run.Events / total,12:N0}          {counted.Sum(s => s.Cpu.TotalSeconds),8:F3}"));
    }

    private static void WriteRulesTable(TextWriter output, IReadOnlyList<string> paths, (EndToEnd First, EndToEnd Second) builtIn, (EndToEnd First, EndToEnd Second) withRules, Stages stages)
    {
        static double Rate(EndToEnd run) => run.Events / run.Elapsed.TotalSeconds;
        static double RunRate(EndToEnd run) => run.Events / run.RunSeconds;
        var detection = stages.Timings.Single(s => s.Name == "detection rules");
        var rules = stages.WithRules!;
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Detection with the operator's Sigma rules ({string.Join(", ", paths)}): {rules.RuleCount:N0} rules with the built-in ones, {rules.Skipped:N0} skipped, loaded and compiled in {rules.Load.TotalSeconds:F2} s"));
        output.WriteLine("                                      built-in only   with the rules");
        output.WriteLine("  (alternating runs after the stages: built-in, rules, built-in, rules)");
        foreach (var (name, pick) in new (string, Func<(EndToEnd First, EndToEnd Second), EndToEnd>)[] { ("first", r => r.First), ("second", r => r.Second) })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  enrich events/s, {name + " run",-19}{Rate(pick(builtIn)),13:N0}  {Rate(pick(withRules)),15:N0}   (host start and rule loading included)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  pipeline events/s, {name + " run",-17}{RunRate(pick(builtIn)),13:N0}  {RunRate(pick(withRules)),15:N0}   (the run itself: rules compiled once at start)"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  detection stage alone, events/s     {rules.Events / detection.Elapsed.TotalSeconds,13:N0}  {rules.Events / rules.Detection.Elapsed.TotalSeconds,15:N0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  incidents with a technique          {rules.BuiltInDetected,13:N0}  {rules.Detected,15:N0}   of {rules.Incidents:N0}"));
        // A worker compiles its rules once at start and then runs for days: the run's own rate is the one the target is about.
        var rate = RunRate(withRules.Second);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  target >= {TargetWithAllRulesEventsPerSecond:N0} events/s on one worker with all rules (pipeline, second run): {(rate >= TargetWithAllRulesEventsPerSecond ? "PASS" : "MISS")}"));
    }

    private sealed record Stages(List<StageTiming> Timings, RulesStage? WithRules);

    private sealed record RulesStage(int RuleCount, int Skipped, TimeSpan Load, StageTiming Detection, int Events, int BuiltInDetected, int Detected, int Incidents);

    /// <param name="RunSeconds">The pipeline's own run time from the summary: without host start and rule loading.</param>
    private sealed record EndToEnd(int ExitCode, TimeSpan Elapsed, TimeSpan Cpu, long Events, long Incidents, long Iocs, double RunSeconds, string Summary);

    private sealed record StageTiming(string Name, TimeSpan Elapsed, TimeSpan Cpu);
}
