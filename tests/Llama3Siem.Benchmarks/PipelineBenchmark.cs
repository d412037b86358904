using System.Diagnostics;
using System.Globalization;
using System.Text;
using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Events;
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
internal sealed class PipelineBenchmark(string repositoryRoot, int eventCount, TextWriter progress)
{
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
            WriteTable(output, written, endToEnd, warm, peakRss, stages);
            return endToEnd.ExitCode;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private async Task<EndToEnd> RunEnrichAsync(string input, string database, string deadLetters)
    {
        using var summary = new StringWriter(CultureInfo.InvariantCulture);
        using var errors = new StringWriter(CultureInfo.InvariantCulture);
        var cpu = CpuTime();
        var watch = Stopwatch.StartNew();
        var exit = await Llama3SiemCli.RunAsync(
            ["enrich", "--input", input, "--db", database, "--quiet", $"--DeadLetters:Path={deadLetters}", "--Logging:LogLevel:Default=Warning"],
            summary,
            errors);
        watch.Stop();
        if (exit != Llama3SiemCli.Success)
        {
            await progress.WriteLineAsync($"enrich failed with exit code {exit}: {errors}");
        }

        var text = summary.ToString();
        return new EndToEnd(exit, watch.Elapsed, CpuTime() - cpu, CountOf(text, "events"), CountOf(text, "incidents"), CountOf(text, "iocs"), text);
    }

    /// <summary>Each stage alone, fed by the previous stage's output (which is computed outside its timing).</summary>
    private async Task<List<StageTiming>> RunStagesAsync(string input, string database, CancellationToken cancellationToken)
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
        stages.Add(Time("detection rules", () =>
        {
            foreach (var incident in incidents)
            {
                DetectionEngine.BuiltIn.Detect(incident.Events);
            }
        }));

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
        return stages;
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
        var counted = stages.Where(s => !s.Name.StartsWith("IOC", StringComparison.Ordinal) && !s.Name.StartsWith("detection", StringComparison.Ordinal) && !s.Name.StartsWith("content", StringComparison.Ordinal)).ToList();
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

    private sealed record EndToEnd(int ExitCode, TimeSpan Elapsed, TimeSpan Cpu, long Events, long Incidents, long Iocs, string Summary);

    private sealed record StageTiming(string Name, TimeSpan Elapsed, TimeSpan Cpu);
}
