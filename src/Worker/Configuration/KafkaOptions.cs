namespace Llama3Siem.Worker.Configuration;

/// <summary>The Kafka source (<c>Source:Kind=kafka</c>). Section <c>Kafka</c>.</summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    /// <summary>Comma-separated <c>host:port</c> list. Required for the Kafka source.</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>Topics to consume (<c>Kafka:Topics:0</c>, <c>Kafka:Topics:1</c>, ...). At least one.</summary>
    public List<string> Topics { get; set; } = [];

    /// <summary>Consumer group. Default <c>llama3siem</c>.</summary>
    public string GroupId { get; set; } = "llama3siem";

    /// <summary>
    /// Topic for records that cannot be parsed: JSON with the reason and the original bytes in base64 (never in
    /// headers). Empty: dead letters go to the <c>DeadLetters:Path</c> file.
    /// </summary>
    public string? DeadLetterTopic { get; set; }

    /// <summary>
    /// Any librdkafka property, passed through to the consumer and the dead-letter producer
    /// (<c>Kafka:Properties:security.protocol=SASL_SSL</c>, ...). Set last, so they win over the defaults here.
    /// </summary>
    public Dictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// librdkafka properties for the dead-letter producer only, applied after <see cref="Properties"/>
    /// (<c>Kafka:DeadLetterProperties:message.max.bytes=4194304</c>). Unless <c>message.max.bytes</c> is set
    /// here or in <see cref="Properties"/>, the producer's limit follows what the consumer can receive
    /// (<c>max.partition.fetch.bytes</c>/<c>fetch.max.bytes</c> x 4/3 for base64 + 64 KiB). With
    /// <c>bootstrap.servers</c> here, dead letters go to that cluster instead of <see cref="BootstrapServers"/>
    /// (its keys are read there too, with these properties).
    /// </summary>
    public Dictionary<string, string> DeadLetterProperties { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Records read but not yet handed to the pipeline before the consumer pauses its partitions
    /// (backpressure). Default 10,000; 100 to 1,000,000.
    /// </summary>
    public int MaxBufferedRecords { get; set; } = 10_000;

    /// <summary>How long shutdown may take to finish in-flight work and store its offsets. Default 30 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
