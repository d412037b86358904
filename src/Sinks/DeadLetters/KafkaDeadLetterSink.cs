using System.Text.Json;
using Confluent.Kafka;

namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>
/// Dead letters to a Kafka topic: one JSON object per record, the reason and the original bytes in the payload
/// (never in headers: brokers before 0.11 drop them). A write returns once the broker acknowledged it, so the
/// source may then count the record as done.
/// </summary>
public sealed class KafkaDeadLetterSink : IDeadLetterSink, IDisposable
{
    private readonly IProducer<Null, byte[]> _producer;
    private readonly string _topic;

    /// <param name="properties">librdkafka properties applied after ours (security settings, compatibility flags).</param>
    public KafkaDeadLetterSink(string bootstrapServers, string topic, IReadOnlyDictionary<string, string> properties)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        _topic = topic;
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            LingerMs = 5,
            MessageSendMaxRetries = 10,
        };
        foreach (var (key, value) in properties)
        {
            // Consumer-only settings in the shared pass-through are not for the producer.
            if (!ConsumerOnly.Contains(key))
            {
                config.Set(key, value);
            }
        }

        _producer = new ProducerBuilder<Null, byte[]>(config).Build();
    }

    private static readonly HashSet<string> ConsumerOnly = new(StringComparer.Ordinal)
    {
        "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms", "auto.offset.reset", "enable.auto.commit",
        "auto.commit.interval.ms", "partition.assignment.strategy", "group.instance.id", "fetch.min.bytes", "fetch.wait.max.ms",
        "fetch.max.bytes", "max.partition.fetch.bytes", "isolation.level", "enable.partition.eof", "check.crcs", "queued.min.messages",
    };

    public async Task WriteAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        var payload = JsonSerializer.SerializeToUtf8Bytes(deadLetter);
        await _producer.ProduceAsync(_topic, new Message<Null, byte[]> { Value = payload }, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}
