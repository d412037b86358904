namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>Where <see cref="KafkaDeadLetterSink"/> writes and how its clients are configured.</summary>
public sealed record KafkaDeadLetterSinkOptions
{
    /// <summary>The cluster, unless <see cref="ProducerProperties"/> names its own <c>bootstrap.servers</c>.</summary>
    public required string BootstrapServers { get; init; }

    public required string Topic { get; init; }

    /// <summary>librdkafka properties shared with the source's consumer (security, compatibility flags).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>librdkafka properties for the dead-letter producer only, applied after <see cref="Properties"/>.</summary>
    public IReadOnlyDictionary<string, string> ProducerProperties { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the first write may spend reading the keys the topic already holds. Default 30 s.</summary>
    public TimeSpan KeyReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After a key read failed transiently (the cluster unreachable), how long writes fail at once with the same
    /// error instead of reading again. Default 10 s.
    /// </summary>
    public TimeSpan KeyReadRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Keys remembered, read from the topic or written since. Default 1,000,000.</summary>
    public int MaxRememberedKeys { get; init; } = RememberedKeys.DefaultCapacity;
}
