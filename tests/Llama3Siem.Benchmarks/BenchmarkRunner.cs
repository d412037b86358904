using System.Diagnostics;
using System.Globalization;
using Llama3Siem.Prompts.Output;
using Llama3Siem.Prompts.Templates;
using Llama3Siem.Worker.Inference;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Benchmarks;

/// <summary>
/// Runs the phases against the engine (<see cref="LlamaModelLoader.Load"/>), then the incident phase against the
/// naive model (<see cref="LlamaModelLoader.LoadSingleSequence"/>). One model is loaded at a time, so the peak
/// memory after the engine's phases is the engine's own.
/// </summary>
internal sealed class BenchmarkRunner(BenchmarkSettings settings, BenchmarkModel model, ILoggerFactory loggerFactory, TextWriter progress)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public async Task<BenchmarkReport> RunAsync(CancellationToken cancellationToken)
    {
        var report = new BenchmarkReport(settings, model, MachineInfo.Current());
        var options = settings.Options(model.Path);
        var events = BenchmarkPrompts.LoadSampleEvents();

        Progress("loading the engine");
        var loadWatch = Stopwatch.StartNew();
        BenchmarkPrompts prompts;
        using (var engine = LlamaModelLoader.Load(options, loggerFactory))
        {
            report.EngineLoadTime = loadWatch.Elapsed;
            report.ModelSha256 = engine.Descriptor.Sha256;
            // Distinct suffixes for every request of the prefill phase and for every incident.
            var suffixCount = settings.ColdRuns + 1 + settings.CachedRuns + settings.Incidents;
            prompts = BenchmarkPrompts.Build(engine, settings.PrefixTokens, settings.SuffixTokens, suffixCount, settings.ParallelLevels.Sum() + 1, events);
            report.SuffixTokensMean = prompts.SuffixTokens.Average();
            await WarmUpAsync(engine, cancellationToken);

            if (settings.Runs(BenchmarkPhase.Prefill))
            {
                report.Prefill = await MeasurePrefillAsync(engine, prompts, cancellationToken);
            }

            if (settings.Runs(BenchmarkPhase.Throughput))
            {
                report.Throughput = await MeasureThroughputAsync(engine, prompts, cancellationToken);
            }

            if (settings.Runs(BenchmarkPhase.Incidents))
            {
                // Steady state of a running worker: its prefix was decoded once, long ago.
                await engine.CompleteAsync(Request(prompts.WithPrefix(prompts.Suffixes[0]), 1), cancellationToken);
                report.EngineIncidents = await MeasureIncidentsAsync("engine", engine, prompts, oneAtATime: false, cancellationToken);
            }

            if (settings.Runs(BenchmarkPhase.Chat))
            {
                report.Chat = await MeasureChatAsync(engine, prompts, cancellationToken);
            }

            report.EnginePeakRssBytes = ProcessMemory.PeakResidentBytes();
        }

        if (settings.Runs(BenchmarkPhase.Incidents))
        {
            Progress("loading the naive single-sequence model");
            using var naive = LlamaModelLoader.LoadSingleSequence(options, loggerFactory);
            await WarmUpAsync(naive, cancellationToken);
            report.NaiveIncidents = await MeasureIncidentsAsync("naive", naive, prompts, oneAtATime: true, cancellationToken);
        }

        report.PeakRssBytes = ProcessMemory.PeakResidentBytes();
        report.TotalTime = _clock.Elapsed;
        return report;
    }

    private async Task WarmUpAsync(ILanguageModel languageModel, CancellationToken cancellationToken)
    {
        Progress("warm-up request");
        await languageModel.CompleteAsync(Request(BenchmarkPrompts.WarmUpPrompt, 1), cancellationToken);
    }

    private async Task<PrefillResult> MeasurePrefillAsync(ILanguageModel engine, BenchmarkPrompts prompts, CancellationToken cancellationToken)
    {
        var suffix = 0;
        var cold = new List<Completion>();
        for (var i = 0; i < settings.ColdRuns; i++)
        {
            Progress($"prefill: cold {i + 1}/{settings.ColdRuns}");
            cold.Add(await engine.CompleteAsync(Request(prompts.Cold(prompts.Suffixes[suffix++]), 1), cancellationToken));
        }

        Progress("prefill: first request with the stable prefix (fills the cache)");
        var first = await engine.CompleteAsync(Request(prompts.WithPrefix(prompts.Suffixes[suffix++]), 1), cancellationToken);

        var cached = new List<Completion>();
        for (var i = 0; i < settings.CachedRuns; i++)
        {
            Progress($"prefill: cached {i + 1}/{settings.CachedRuns}");
            cached.Add(await engine.CompleteAsync(Request(prompts.WithPrefix(prompts.Suffixes[suffix++]), 1), cancellationToken));
        }

        return new PrefillResult(cold, first, cached);
    }

    private async Task<IReadOnlyList<ThroughputResult>> MeasureThroughputAsync(ILanguageModel engine, BenchmarkPrompts prompts, CancellationToken cancellationToken)
    {
        Progress("throughput: caching the prefix");
        await engine.CompleteAsync(Request(prompts.WithPrefix(prompts.ShortSuffixes[^1]), 1), cancellationToken);

        var results = new List<ThroughputResult>();
        var offset = 0;
        foreach (var parallel in settings.ParallelLevels)
        {
            Progress($"throughput: {parallel} parallel x {settings.ThroughputTokens} tokens");
            // No prompt is sent twice: only the prefix may come from the cache.
            var requests = Enumerable.Range(offset, parallel)
                .Select(i => Request(prompts.WithPrefix(prompts.ShortSuffixes[i]), settings.ThroughputTokens, seed: (uint)(i + 1), ignoreEndOfTurn: true))
                .ToList();
            offset += parallel;
            var watch = Stopwatch.StartNew();
            var completions = await engine.CompleteManyAsync(requests, cancellationToken);
            results.Add(new ThroughputResult(parallel, watch.Elapsed, completions));
        }

        return results;
    }

    private async Task<IncidentRunResult> MeasureIncidentsAsync(string approach, ILanguageModel languageModel, BenchmarkPrompts prompts, bool oneAtATime, CancellationToken cancellationToken)
    {
        Progress($"incidents: {settings.Incidents} through the {approach} model");
        var first = settings.ColdRuns + 1 + settings.CachedRuns;
        var requests = Enumerable.Range(first, settings.Incidents)
            .Select(i => Request(prompts.WithPrefix(prompts.Suffixes[i]), settings.IncidentTokens, seed: (uint)i, grammar: EnrichmentGrammar.Text, ignoreEndOfTurn: true))
            .ToList();

        var watch = Stopwatch.StartNew();
        IReadOnlyList<Completion> completions;
        if (oneAtATime)
        {
            var list = new List<Completion>(requests.Count);
            foreach (var request in requests)
            {
                list.Add(await languageModel.CompleteAsync(request, cancellationToken));
            }

            completions = list;
        }
        else
        {
            completions = await languageModel.CompleteManyAsync(requests, cancellationToken);
        }

        return new IncidentRunResult(approach, watch.Elapsed, completions);
    }

    private async Task<ChatLatencyResult> MeasureChatAsync(ILanguageModel engine, BenchmarkPrompts prompts, CancellationToken cancellationToken)
    {
        Progress("chat: caching the prefix");
        await engine.CompleteAsync(Request(prompts.WithPrefix(prompts.ShortSuffixes[0]), 1), cancellationToken);
        var question = 0;
        CompletionRequest Question(RequestPriority priority) =>
            Request(prompts.WithPrefix(prompts.ShortSuffixes[question++ % prompts.ShortSuffixes.Count]), 1, priority: priority);

        var idle = new List<Completion>();
        for (var i = 0; i < settings.ChatRuns; i++)
        {
            Progress($"chat: idle {i + 1}/{settings.ChatRuns}");
            idle.Add(await engine.CompleteAsync(Question(RequestPriority.Interactive), cancellationToken));
        }

        var busyInteractive = new List<Completion>();
        var busyBatch = new List<Completion>();
        for (var i = 0; i < settings.ChatRuns; i++)
        {
            Progress($"chat: busy {i + 1}/{settings.ChatRuns}, interactive");
            busyInteractive.Add(await WhileBusyAsync(engine, prompts, Question(RequestPriority.Interactive), cancellationToken));
            Progress($"chat: busy {i + 1}/{settings.ChatRuns}, as batch");
            busyBatch.Add(await WhileBusyAsync(engine, prompts, Question(RequestPriority.Batch), cancellationToken));
        }

        return new ChatLatencyResult(idle, busyInteractive, busyBatch, BenchmarkSettings.MaxSequences, settings.ChatLoadTokens);
    }

    /// <summary>
    /// Fills every sequence slot with enrichment-like generation, waits until it is decoding (the streamed one has
    /// produced a token), then asks <paramref name="question"/> and returns its completion once the load is done too.
    /// </summary>
    private async Task<Completion> WhileBusyAsync(ILanguageModel engine, BenchmarkPrompts prompts, CompletionRequest question, CancellationToken cancellationToken)
    {
        var load = Enumerable.Range(0, BenchmarkSettings.MaxSequences)
            .Select(i => Request(prompts.WithPrefix(prompts.ShortSuffixes[(i + 1) % prompts.ShortSuffixes.Count]), settings.ChatLoadTokens, seed: (uint)(i + 7), ignoreEndOfTurn: true))
            .ToList();
        var group = engine.CompleteManyAsync(load.Skip(1).ToList(), cancellationToken);
        await using var streamed = engine.StreamAsync(load[0], cancellationToken).GetAsyncEnumerator(cancellationToken);
        await streamed.MoveNextAsync();

        var answer = await engine.CompleteAsync(question, cancellationToken);
        while (await streamed.MoveNextAsync())
        {
            // Drain the streamed load request so that its slot is released normally.
        }

        await group;
        return answer;
    }

    private static CompletionRequest Request(TemplatedPrompt prompt, int maxTokens, uint seed = 42, string? grammar = null, bool ignoreEndOfTurn = false, RequestPriority priority = RequestPriority.Batch) =>
        new(prompt, new SamplingSettings(Temperature: 0.7f, TopP: 0.9f, MaxTokens: maxTokens, Seed: seed), grammar, priority, ignoreEndOfTurn);

    private void Progress(string step) =>
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,7:F1} s] {step}"));
}
