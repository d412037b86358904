namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>
/// A throw-away broker with Kafka's default message limit (1,000,012 bytes, not the 4 MiB the script sets) that
/// creates no topic on demand: a broker that refuses what the dead-letter producer may send.
/// </summary>
public sealed class StrictKafkaBroker() : KafkaBroker(
    "message.max.bytes=1000012\nreplica.fetch.max.bytes=1048576\nauto.create.topics.enable=false")
{
    public const int MessageMaxBytes = 1_000_012;
}
