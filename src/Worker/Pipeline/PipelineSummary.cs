namespace Llama3Siem.Worker.Pipeline;

/// <summary>Counts of one pipeline run, printed at the end of <c>enrich</c> and logged by <c>run</c>.</summary>
internal sealed class PipelineSummary
{
    public long Records { get; set; }
    public long Events { get; set; }
    public long DeadLettered { get; set; }

    /// <summary>Redelivered events that a stored incident already held: acknowledged, not enriched again.</summary>
    public long AlreadyEnriched { get; set; }
    public long Incidents { get; set; }
    public long Batches { get; set; }
    public long Inserted { get; set; }
    public long Updated { get; set; }
    public long Unchanged { get; set; }
    public long Iocs { get; set; }
    public long IocsDropped { get; set; }
    public long TechniquesDropped { get; set; }
    public long MitigationsDropped { get; set; }
    public long NarrativesGenerated { get; set; }
    public long NarrativesFailed { get; set; }
    public long EventsOmittedFromPrompts { get; set; }
    public TimeSpan Elapsed { get; set; }

    /// <summary>Dead-letter reasons by kind (the text before any position detail), for the summary.</summary>
    public SortedDictionary<string, long> DeadLetterReasons { get; } = new(StringComparer.Ordinal);
}
