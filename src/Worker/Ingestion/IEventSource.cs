namespace Llama3Siem.Worker.Ingestion;

/// <summary>A stream of raw event records: a file of JSON lines, or Kafka topics.</summary>
internal interface IEventSource : IAsyncDisposable
{
    /// <summary>
    /// Records in source order. A live source also yields <c>null</c> when nothing arrived for a while, so that
    /// the pipeline can close idle incidents and age out batches. A finite source completes at its end.
    /// </summary>
    IAsyncEnumerable<SourceRecord?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Every result of <paramref name="record"/> is durable (stored, or dead-lettered): its position may count as
    /// done. Call once per record; thread-safe.
    /// </summary>
    void Acknowledge(SourceRecord record);
}
