using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Templates;
using Llama3Siem.Sinks.DeadLetters;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Worker.Batching;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Correlation;
using Llama3Siem.Worker.Inference;
using Llama3Siem.Worker.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Pipeline;

/// <summary>
/// The way an event travels: source record -> parse (or dead letter) -> correlate -> analyse -> prompt ->
/// batch -> model (when configured) and verification -> store -> acknowledge. One loop owns it.
/// </summary>
/// <remarks>
/// A record is acknowledged to its source only once every result derived from it is durable: its dead letter
/// was written, or the incident holding its event was upserted. The Kafka source turns acknowledgements into
/// stored offsets, so a crash at any point redelivers what was not yet safe, and idempotent stores make the
/// redelivery overwrite rather than duplicate.
/// </remarks>
internal sealed partial class EnrichmentPipeline(
    EventParser parser,
    IncidentAnalyzer analyzer,
    EnrichmentPrompt prompt,
    IIncidentStore store,
    IDeadLetterSink deadLetters,
    DeadLetterBacklog deadLetterBacklog,
    ModelSession modelSession,
    IOptions<CorrelationOptions> correlation,
    IOptions<BatchingOptions> batching,
    IOptions<DeadLetterOptions> deadLetterOptions,
    TimeProvider time,
    ILogger<EnrichmentPipeline> logger)
{
    /// <summary>How often (in records) incidents idle past the correlation window are closed and batches checked for age.</summary>
    private const int HousekeepingInterval = 256;

    /// <summary>Events of a redelivering source are checked against the store this many at a time.</summary>
    private const int RedeliveryCheckSize = 256;

    /// <summary>Runs until the source ends or <paramref name="cancellationToken"/> fires, then drains what it holds.</summary>
    /// <param name="drainTimeout">After cancellation: how long finishing open incidents and batches may take.</param>
    public async Task<PipelineSummary> RunAsync(
        IEventSource source,
        IProgress<PipelineSummary>? progress,
        CancellationToken cancellationToken,
        TimeSpan? drainTimeout = null)
    {
        var batchLimits = modelSession.Configured
            ? batching.Value
            : new BatchingOptions { MaxEvents = batching.Value.MaxEventsWithoutModel, MaxAge = batching.Value.MaxAge, MaxPromptTokens = batching.Value.MaxPromptTokens };
        var run = new Run(source, new IncidentCorrelator(correlation.Value, time), new IncidentBatcher(batchLimits, time), time.GetTimestamp());
        run.DeadLetters = new PendingDeadLetters(
            deadLetters, source, deadLetterBacklog, deadLetterOptions.Value.MaxPending, deadLetterOptions.Value.MaxWait, time, logger, run.Writes.Token);
        var watermark = DateTimeOffset.MinValue;

        await store.InitializeAsync(cancellationToken);
        try
        {
            await foreach (var record in source.ReadAsync(cancellationToken))
            {
                if (record is null)
                {
                    // A live source is idle: time still moves for open incidents and waiting batches.
                    await CorrelateCheckedAsync(run, cancellationToken);
                    await HousekeepAsync(run, run.Correlator.CloseInactive(), cancellationToken);
                    continue;
                }

                run.Summary.Records++;
                var parsed = record.Oversized
                    ? EventParseResult.Rejected($"record is larger than {JsonLinesFileSource.DefaultMaxRecordBytes} bytes")
                    : parser.Parse(record.Payload.Span, record.Origin, record.FallbackEventId);
                if (parsed.Event is not { } evt)
                {
                    await DeadLetterAsync(run, record, parsed.Rejection ?? "rejected", cancellationToken);
                    continue;
                }

                run.Summary.Events++;
                run.Records[evt] = record;
                if (evt.Timestamp > watermark)
                {
                    watermark = evt.Timestamp;
                }

                if (record.Position is null)
                {
                    await EnqueueAsync(run, run.Correlator.Add(evt), cancellationToken);
                }
                else
                {
                    // A redelivered record may already be part of a stored incident: look them up in groups.
                    run.Unchecked.Add(evt);
                    if (run.Unchecked.Count >= RedeliveryCheckSize)
                    {
                        await CorrelateCheckedAsync(run, cancellationToken);
                    }
                }

                if (run.Summary.Records % HousekeepingInterval == 0)
                {
                    await CorrelateCheckedAsync(run, cancellationToken);
                    await HousekeepAsync(run, [.. run.Correlator.CloseIdle(watermark), .. run.Correlator.CloseInactive()], cancellationToken);
                    run.Summary.Elapsed = time.GetElapsedTime(run.Started);
                    run.Summary.DeadLettered = run.DeadLetters.WrittenTotal;
                    progress?.Report(run.Summary);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what is open is finished below, within the drain timeout; the rest is redelivered later.
            LogStopping(logger, run.Correlator.OpenEvents, run.Batcher.PendingIncidents);
        }

        using var drain = new CancellationTokenSource(drainTimeout ?? Timeout.InfiniteTimeSpan);
        if (drainTimeout is { } deadline && deadline != Timeout.InfiniteTimeSpan)
        {
            run.Writes.CancelAfter(deadline);
        }

        await CorrelateCheckedAsync(run, drain.Token);
        await EnqueueAsync(run, run.Correlator.CloseAll(), drain.Token);
        if (run.Batcher.Flush() is { } rest)
        {
            await WriteBatchAsync(run, rest, drain.Token);
        }

        await CompletePendingWriteAsync(run);
        await run.DeadLetters.DrainAsync(drain.Token);
        run.Summary.DeadLettered = run.DeadLetters.WrittenTotal;
        foreach (var (kind, count) in run.DeadLetters.WrittenByReason())
        {
            run.Summary.DeadLetterReasons[kind] = count;
        }

        run.DeadLetters.Dispose();
        run.Writes.Dispose();
        run.Summary.Elapsed = time.GetElapsedTime(run.Started);
        LogRunComplete(logger, run.Summary.Records, run.Summary.Events, run.Summary.DeadLettered, run.Summary.Incidents, run.Summary.Elapsed.TotalSeconds);
        return run.Summary;
    }

    /// <summary>
    /// Events from a redelivering source that are already in a stored incident are acknowledged and skipped:
    /// enriching them again could put them into a second, differently composed incident. The rest correlate.
    /// </summary>
    private async Task CorrelateCheckedAsync(Run run, CancellationToken cancellationToken)
    {
        if (run.Unchecked.Count == 0)
        {
            return;
        }

        var events = run.Unchecked.ToList();
        run.Unchecked.Clear();
        var enriched = await UntilDoneAsync(ct => store.FindEnrichedEventsAsync(events.Select(e => e.Id).ToList(), ct), "store", cancellationToken);
        foreach (var evt in events)
        {
            if (enriched.Contains(evt.Id))
            {
                run.Summary.AlreadyEnriched++;
                if (run.Records.Remove(evt, out var record))
                {
                    run.Source.Acknowledge(record);
                }

                continue;
            }

            await EnqueueAsync(run, run.Correlator.Add(evt), cancellationToken);
        }
    }

    private async Task HousekeepAsync(Run run, IReadOnlyList<Incident> closed, CancellationToken cancellationToken)
    {
        await EnqueueAsync(run, closed, cancellationToken);
        if (run.Batcher.TakeIfDue() is { } due)
        {
            await WriteBatchAsync(run, due, cancellationToken);
        }
    }

    private async Task EnqueueAsync(Run run, IReadOnlyList<Incident> incidents, CancellationToken cancellationToken)
    {
        foreach (var incident in incidents)
        {
            var findings = analyzer.Analyze(incident);

            // Without a model there is no prompt to render: batches are then bounded by events and age only.
            var rendered = modelSession.Configured ? prompt.Render(findings, modelSession.PromptBudget, modelSession.TokenCounter) : null;
            run.Summary.EventsOmittedFromPrompts += rendered?.OmittedEvents ?? 0;
            foreach (var batch in run.Batcher.Add(new PreparedIncident(findings, rendered)))
            {
                await WriteBatchAsync(run, batch, cancellationToken);
            }
        }
    }

    private async Task WriteBatchAsync(Run run, IncidentBatch batch, CancellationToken cancellationToken)
    {
        var narrator = modelSession.Narrator;
        IReadOnlyList<EnrichedIncident> documents = narrator is not null
            ? await narrator.EnrichAsync(batch.Incidents.Select(i => (i.Findings, i.Prompt!)).ToList(), cancellationToken)
            : batch.Incidents
                .Select(i => IncidentDocuments.Deterministic(i.Findings, NarrativeStatus.NotGenerated, new EnrichmentProvenance { PromptVersion = EnrichmentPrompt.Version }))
                .ToList();
        var summary = run.Summary;
        foreach (var document in documents)
        {
            summary.Iocs += document.Iocs.Count;
            summary.IocsDropped += document.Verification.IocsDropped;
            summary.TechniquesDropped += document.Verification.TechniquesDropped;
            summary.MitigationsDropped += document.Verification.MitigationsDropped;
            summary.NarrativesGenerated += document.NarrativeStatus == NarrativeStatus.Generated ? 1 : 0;
            summary.NarrativesFailed += document.NarrativeStatus == NarrativeStatus.Failed ? 1 : 0;
        }

        // These events' records leave the map here, on the loop; they are acknowledged once the write is durable.
        var records = new Dictionary<string, List<SourceRecord>>(StringComparer.Ordinal);
        foreach (var incident in batch.Incidents.Select(i => i.Findings.Incident))
        {
            var ofIncident = new List<SourceRecord>();
            foreach (var evt in incident.Events)
            {
                if (run.Records.Remove(evt, out var record))
                {
                    ofIncident.Add(record);
                }
            }

            records[incident.Id] = ofIncident;
        }

        // One write runs behind the loop: the store commits on another core while the next batch is read, parsed
        // and analysed. The next batch waits for it, so at most one batch is written but not yet acknowledged.
        await CompletePendingWriteAsync(run);
        // Writes are not cut short by a stop: stopping drains, and only the drain's own deadline ends them.
        var writes = run.Writes.Token;
        run.PendingWrite = Task.Run(() => WriteAsync(run.Source, documents, records, batch, writes), writes);
    }

    private async Task<BatchWritten> WriteAsync(
        IEventSource source, IReadOnlyList<EnrichedIncident> documents, Dictionary<string, List<SourceRecord>> records, IncidentBatch batch, CancellationToken cancellationToken)
    {
        var written = await UntilDoneAsync(ct => store.UpsertAsync(documents, ct), "store", cancellationToken);

        // Only now are these events safe: their records may count as done. Those of an incident the store refused
        // for good are not: they go to the dead-letter destination first (on the loop, which owns the counters).
        var refused = written.Rejected.Select(r => r.IncidentId).ToHashSet(StringComparer.Ordinal);
        foreach (var (incidentId, ofIncident) in records)
        {
            if (!refused.Contains(incidentId))
            {
                foreach (var record in ofIncident)
                {
                    source.Acknowledge(record);
                }
            }
        }

        LogBatchWritten(logger, documents.Count, batch.EventCount, batch.PromptTokens, batch.Reason);
        var toDeadLetter = written.Rejected
            .SelectMany(r => records.GetValueOrDefault(r.IncidentId, []).Select(record => (record, r.Reason, r.IncidentId)))
            .ToList();
        return new BatchWritten(documents.Count - written.Rejected.Count, written, toDeadLetter);
    }

    private async Task CompletePendingWriteAsync(Run run)
    {
        if (run.PendingWrite is not { } pending)
        {
            return;
        }

        run.PendingWrite = null;
        var (incidents, written, refused) = await pending;
        run.Summary.Batches++;
        run.Summary.Incidents += incidents;
        run.Summary.Inserted += written.Inserted;
        run.Summary.Updated += written.Updated;
        run.Summary.Unchanged += written.Unchanged;
        foreach (var (record, reason, incidentId) in refused)
        {
            await DeadLetterAsync(run, record, $"the store refused incident {incidentId}: {reason}", run.Writes.Token);
        }
    }

    private sealed record BatchWritten(int Incidents, UpsertResult Written, List<(SourceRecord Record, string Reason, string IncidentId)> Refused);

    private async Task DeadLetterAsync(Run run, SourceRecord record, string reason, CancellationToken cancellationToken)
    {
        var letter = new DeadLetter
        {
            Reason = reason,
            Source = record.Source,
            Line = record.Line,
            Partition = record.Position?.Partition,
            Offset = record.Position?.Offset,
            Timestamp = record.Position?.Timestamp,
            OriginalBase64 = Convert.ToBase64String(record.Payload.Span),
            DeadLetteredAt = time.GetUtcNow(),
        };

        // Behind the loop: a destination that fails holds back this record alone, not the stream.
        await run.DeadLetters.StartAsync(record, letter, ReasonKind(reason), cancellationToken);
    }

    /// <summary>
    /// Retries a write until it succeeds or the run is cancelled: a store or dead-letter destination that fails
    /// for a while pauses the pipeline (and, through backpressure, the source) instead of losing data. Only an
    /// <see cref="ArgumentException"/>, which no retry can fix, escapes.
    /// </summary>
    private async Task<T> UntilDoneAsync<T>(Func<CancellationToken, Task<T>> write, string what, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write(cancellationToken);
            }
            catch (Exception ex) when (ex is not ArgumentException && ex is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                var delay = RetryDelay.After(attempt);
                LogWriteFailed(logger, what, attempt, ex.GetType().Name, delay.TotalSeconds);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    /// <summary>"invalid UTF-8 at byte 17" and "invalid UTF-8 at byte 3" are one kind of reason.</summary>
    private static string ReasonKind(string reason)
    {
        var cut = reason.IndexOfAny([':', '(']);
        var head = cut > 0 ? reason[..cut] : reason;
        var at = head.IndexOf(" at ", StringComparison.Ordinal);
        return (at > 0 ? head[..at] : head).Trim();
    }

    /// <summary>The state of one run: what it holds and the records its events came from (until acknowledged).</summary>
    private sealed class Run(IEventSource source, IncidentCorrelator correlator, IncidentBatcher batcher, long started)
    {
        public IEventSource Source { get; } = source;
        public IncidentCorrelator Correlator { get; } = correlator;
        public IncidentBatcher Batcher { get; } = batcher;
        public long Started { get; } = started;
        public PipelineSummary Summary { get; } = new();

        /// <summary>Dead letters on their way to the destination (set once, at the start of the run).</summary>
        public PendingDeadLetters DeadLetters { get; set; } = null!;

        /// <summary>Cancels writes only when a stopping run's drain deadline passes.</summary>
        public CancellationTokenSource Writes { get; } = new();

        /// <summary>The batch being written behind the loop, if any.</summary>
        public Task<BatchWritten>? PendingWrite { get; set; }

        /// <summary>Events from a redelivering source waiting for <see cref="CorrelateCheckedAsync"/>.</summary>
        public List<SecurityEvent> Unchecked { get; } = [];

        /// <summary>By reference: two events may carry the same id, yet each came from its own record.</summary>
        public Dictionary<SecurityEvent, SourceRecord> Records { get; } = new(ReferenceEqualityComparer.Instance);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing to the {What} failed (attempt {Attempt}, {ErrorType}); retrying in {Seconds:F1} s, nothing is acknowledged meanwhile")]
    private static partial void LogWriteFailed(ILogger logger, string what, int attempt, string errorType, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote {Incidents} incidents ({Events} events, {PromptTokens} prompt tokens), batch closed by {Reason}")]
    private static partial void LogBatchWritten(ILogger logger, int incidents, int events, int promptTokens, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: finishing {Events} events in open incidents and {Incidents} batched incidents")]
    private static partial void LogStopping(ILogger logger, int events, int incidents);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run complete: {Records} records, {Events} events, {DeadLettered} dead-lettered, {Incidents} incidents in {Seconds:F1} s")]
    private static partial void LogRunComplete(ILogger logger, long records, long events, long deadLettered, long incidents, double seconds);
}
