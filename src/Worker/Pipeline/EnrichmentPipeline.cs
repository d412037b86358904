using System.Diagnostics;
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
/// batch -> model (when configured) and verification -> store. One loop owns it; a run is one pass over a source.
/// </summary>
internal sealed partial class EnrichmentPipeline(
    EventParser parser,
    IncidentAnalyzer analyzer,
    EnrichmentPrompt prompt,
    IIncidentStore store,
    IDeadLetterSink deadLetters,
    ModelSession modelSession,
    IOptions<CorrelationOptions> correlation,
    IOptions<BatchingOptions> batching,
    TimeProvider time,
    ILogger<EnrichmentPipeline> logger)
{
    /// <summary>How often (in records) incidents idle past the correlation window are closed and batches checked for age.</summary>
    private const int HousekeepingInterval = 256;

    public async Task<PipelineSummary> RunAsync(IEventSource source, IProgress<PipelineSummary>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var summary = new PipelineSummary();
        var correlator = new IncidentCorrelator(correlation.Value);
        var batcher = new IncidentBatcher(batching.Value, time);
        var narrator = modelSession.Narrator;
        var watermark = DateTimeOffset.MinValue;

        await store.InitializeAsync(cancellationToken);

        await foreach (var record in source.ReadAsync(cancellationToken))
        {
            summary.Records++;
            var parsed = record.Oversized
                ? EventParseResult.Rejected($"record is larger than {JsonLinesFileSource.DefaultMaxRecordBytes} bytes")
                : parser.Parse(record.Payload.Span, record.Origin);
            if (parsed.Event is not { } evt)
            {
                await DeadLetterAsync(record, parsed.Rejection ?? "rejected", summary, cancellationToken);
                continue;
            }

            summary.Events++;
            if (evt.Timestamp > watermark)
            {
                watermark = evt.Timestamp;
            }

            await EnqueueAsync(correlator.Add(evt), batcher, narrator, summary, cancellationToken);
            if (summary.Records % HousekeepingInterval == 0)
            {
                await EnqueueAsync(correlator.CloseIdle(watermark), batcher, narrator, summary, cancellationToken);
                if (batcher.TakeIfDue() is { } due)
                {
                    await WriteBatchAsync(due, narrator, summary, cancellationToken);
                }

                summary.Elapsed = time.GetElapsedTime(started);
                progress?.Report(summary);
            }
        }

        await EnqueueAsync(correlator.CloseAll(), batcher, narrator, summary, cancellationToken);
        if (batcher.Flush() is { } rest)
        {
            await WriteBatchAsync(rest, narrator, summary, cancellationToken);
        }

        summary.Elapsed = time.GetElapsedTime(started);
        LogRunComplete(logger, summary.Records, summary.Events, summary.DeadLettered, summary.Incidents, summary.Elapsed.TotalSeconds);
        return summary;
    }

    private async Task EnqueueAsync(
        IReadOnlyList<Incident> incidents,
        IncidentBatcher batcher,
        IncidentNarrator? narrator,
        PipelineSummary summary,
        CancellationToken cancellationToken)
    {
        foreach (var incident in incidents)
        {
            var findings = analyzer.Analyze(incident);

            // Without a model there is no prompt to render: batches are then bounded by events and age only.
            var rendered = modelSession.Configured ? prompt.Render(findings, modelSession.PromptBudget, modelSession.TokenCounter) : null;
            summary.EventsOmittedFromPrompts += rendered?.OmittedEvents ?? 0;
            foreach (var batch in batcher.Add(new PreparedIncident(findings, rendered)))
            {
                await WriteBatchAsync(batch, narrator, summary, cancellationToken);
            }
        }
    }

    private async Task WriteBatchAsync(IncidentBatch batch, IncidentNarrator? narrator, PipelineSummary summary, CancellationToken cancellationToken)
    {
        IReadOnlyList<EnrichedIncident> documents = narrator is not null
            ? await narrator.EnrichAsync(batch.Incidents.Select(i => (i.Findings, i.Prompt!)).ToList(), cancellationToken)
            : batch.Incidents
                .Select(i => IncidentDocuments.Deterministic(i.Findings, NarrativeStatus.NotGenerated, new EnrichmentProvenance { PromptVersion = EnrichmentPrompt.Version }))
                .ToList();
        foreach (var document in documents)
        {
            summary.Iocs += document.Iocs.Count;
            summary.IocsDropped += document.Verification.IocsDropped;
            summary.TechniquesDropped += document.Verification.TechniquesDropped;
            summary.MitigationsDropped += document.Verification.MitigationsDropped;
            summary.NarrativesGenerated += document.NarrativeStatus == NarrativeStatus.Generated ? 1 : 0;
            summary.NarrativesFailed += document.NarrativeStatus == NarrativeStatus.Failed ? 1 : 0;
        }

        var written = await store.UpsertAsync(documents, cancellationToken);
        summary.Batches++;
        summary.Incidents += documents.Count;
        summary.Inserted += written.Inserted;
        summary.Updated += written.Updated;
        summary.Unchanged += written.Unchanged;
        LogBatchWritten(logger, documents.Count, batch.EventCount, batch.PromptTokens, batch.Reason);
    }

    private async Task DeadLetterAsync(SourceRecord record, string reason, PipelineSummary summary, CancellationToken cancellationToken)
    {
        await deadLetters.WriteAsync(
            new DeadLetter
            {
                Reason = reason,
                Source = record.Source,
                Line = record.Line,
                OriginalBase64 = Convert.ToBase64String(record.Payload.Span),
                DeadLetteredAt = time.GetUtcNow(),
            },
            cancellationToken);
        summary.DeadLettered++;
        var kind = ReasonKind(reason);
        summary.DeadLetterReasons[kind] = summary.DeadLetterReasons.GetValueOrDefault(kind) + 1;
        LogDeadLettered(logger, record.Origin, reason);
    }

    /// <summary>"invalid UTF-8 at byte 17" and "invalid UTF-8 at byte 3" are one kind of reason.</summary>
    private static string ReasonKind(string reason)
    {
        var cut = reason.IndexOfAny([':', '(']);
        var head = cut > 0 ? reason[..cut] : reason;
        var at = head.IndexOf(" at ", StringComparison.Ordinal);
        return (at > 0 ? head[..at] : head).Trim();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered record {Origin}: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string origin, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote {Incidents} incidents ({Events} events, {PromptTokens} prompt tokens), batch closed by {Reason}")]
    private static partial void LogBatchWritten(ILogger logger, int incidents, int events, int promptTokens, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run complete: {Records} records, {Events} events, {DeadLettered} dead-lettered, {Incidents} incidents in {Seconds:F1} s")]
    private static partial void LogRunComplete(ILogger logger, long records, long events, long deadLettered, long incidents, double seconds);
}
