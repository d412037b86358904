namespace Llama3Siem.Worker.Ingestion;

/// <summary>A stream of raw event records: a file of JSON lines now, a Kafka topic later.</summary>
internal interface IEventSource
{
    /// <summary>Records in source order. Completes at the end of a finite source.</summary>
    IAsyncEnumerable<SourceRecord> ReadAsync(CancellationToken cancellationToken);
}
