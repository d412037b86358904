namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>One message read back from a topic by <see cref="KafkaBroker.ReadTopic"/>.</summary>
public sealed record TopicRecord(int Partition, long Offset, string? Key, string Value);
