namespace Llama3Siem.Worker.Ingestion;

/// <summary>Where a Kafka record sits: what its offset tracking and its dead letter need.</summary>
/// <param name="Assignment">Which assignment of the partition delivered it: a record from before a revoke is stale.</param>
internal sealed record SourcePosition(string Topic, int Partition, long Offset, DateTimeOffset? Timestamp, long Assignment = 0);
