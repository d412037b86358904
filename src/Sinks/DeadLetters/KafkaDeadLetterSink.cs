using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>
/// Dead letters to a Kafka topic: one JSON object per record, the reason and the original bytes in the payload
/// (never in headers: brokers before 0.11 drop them), keyed <c>topic/partition/offset</c> for records from Kafka.
/// A write returns once the broker acknowledged it, so the source may then count the record as done.
/// </summary>
/// <remarks>
/// <para>Failures: transient ones (broker away, timeouts) are thrown as they are, for the caller to retry. A letter
/// over the producer's limit is truncated before it is sent; one the broker refuses as too large (its own limit
/// may be lower) is sent again cut to half its size, down to <see cref="MinimumCutBytes"/>. Permanent refusals
/// (<see cref="DeadLetterTopicErrors"/>) are thrown as <see cref="DeadLetterRefusedException"/>: compose this sink
/// in a <see cref="RoutedDeadLetterSink"/>, which sends those letters to the local file.</para>
/// <para>Idempotence: the first write reads the keys the topic already holds (a plain consumer, no group, no
/// commits, at most <see cref="KafkaDeadLetterSinkOptions.KeyReadTimeout"/>), and a letter whose key is there is
/// not sent again, so a record redelivered after a crash is dead-lettered once. A write whose acknowledgement was
/// lost may still be sent twice; a compacted topic (<c>cleanup.policy=compact</c>) keeps one of those.</para>
/// </remarks>
public sealed partial class KafkaDeadLetterSink : IDeadLetterSink, IDisposable
{
    /// <summary>The smallest letter a too-large refusal is retried with.</summary>
    public const int MinimumCutBytes = 64 * 1024;

    // librdkafka counts the record's framing and key against message.max.bytes, not only the value.
    private const int FramingBytes = 512;
    private const int DefaultFetchMaxBytes = 52_428_800;

    private static readonly HashSet<string> ConsumerOnly = new(StringComparer.Ordinal)
    {
        "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms", "auto.offset.reset", "enable.auto.commit",
        "auto.commit.interval.ms", "partition.assignment.strategy", "group.instance.id", "fetch.min.bytes", "fetch.wait.max.ms",
        "fetch.max.bytes", "max.partition.fetch.bytes", "isolation.level", "enable.partition.eof", "check.crcs", "queued.min.messages",
    };

    private readonly KafkaDeadLetterSinkOptions _options;
    private readonly IProducer<string?, byte[]> _producer;
    private readonly ILogger _logger;
    private readonly DeadLetterMetrics? _metrics;
    private readonly SemaphoreSlim _keysRead = new(1, 1);
    private readonly Lock _keysLock = new();
    private readonly RememberedKeys _keys;
    private bool _keysKnown;

    public KafkaDeadLetterSink(KafkaDeadLetterSinkOptions options, ILogger? logger = null, DeadLetterMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Topic);
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
        _keys = new RememberedKeys(options.MaxRememberedKeys);
        Limit = DeadLetterProducerLimit.From(options.Properties, options.ProducerProperties);

        var config = new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            Acks = Acks.All,
            LingerMs = 5,
            MessageSendMaxRetries = 10,
        };
        foreach (var (key, value) in options.Properties.Where(p => !ConsumerOnly.Contains(p.Key)).Concat(options.ProducerProperties))
        {
            config.Set(key, value);
        }

        config.MessageMaxBytes = Limit.Bytes;
        _producer = new ProducerBuilder<string?, byte[]>(config).Build();
    }

    /// <summary>The producer's <c>message.max.bytes</c>, configured or derived from the consumer's settings.</summary>
    public DeadLetterProducerLimit Limit { get; }

    public string Topic => _options.Topic;

    public async Task WriteAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        var letter = DeadLetterJson.WithOriginalFacts(deadLetter);
        var key = letter.Key;
        if (key is not null)
        {
            await ReadKeysOnceAsync(cancellationToken).ConfigureAwait(false);
            if (Holds(key))
            {
                _metrics?.Duplicate(DeadLetterMetrics.DestinationTopic);
                return;
            }
        }

        var budget = (long)Limit.Bytes - FramingBytes - (key is null ? 0 : Encoding.UTF8.GetByteCount(key));
        while (true)
        {
            var fitted = DeadLetterJson.Fit(letter, budget);
            try
            {
                await _producer.ProduceAsync(Topic, new Message<string?, byte[]> { Key = key, Value = fitted.Json }, cancellationToken).ConfigureAwait(false);
                Remember(key);
                _metrics?.Written(DeadLetterMetrics.DestinationTopic, fitted.Letter.OriginalTruncated);
                return;
            }
            catch (KafkaException exception) when (DeadLetterTopicErrors.Classify(exception.Error.Code) is { } refusal)
            {
                if (refusal == TopicRefusal.TooLarge && fitted.Json.Length / 2 >= MinimumCutBytes)
                {
                    // The broker's limit is below ours: halve until it fits, a bounded number of times.
                    budget = fitted.Json.Length / 2;
                    LogCutSmaller(_logger, Topic, fitted.Json.Length, budget);
                    continue;
                }

                throw new DeadLetterRefusedException(refusal, $"Dead-letter topic {Topic}", exception);
            }
        }
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
        _keysRead.Dispose();
    }

    private bool Holds(string key)
    {
        lock (_keysLock)
        {
            return _keys.Contains(key);
        }
    }

    private void Remember(string? key)
    {
        if (key is null)
        {
            return;
        }

        lock (_keysLock)
        {
            _keys.Add(key);
        }
    }

    private async Task ReadKeysOnceAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _keysKnown))
        {
            return;
        }

        await _keysRead.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_keysKnown)
            {
                _keysKnown = await Task.Run(() => ReadKeys(cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _keysRead.Release();
        }
    }

    /// <summary>
    /// Reads the keys from the beginning of every partition to its high watermark. False when the topic does not
    /// exist (nothing to read; the write that follows is refused and this is tried again later).
    /// </summary>
    private bool ReadKeys(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var deadline = started.Elapsed + _options.KeyReadTimeout;
        var partitions = PartitionsWithLeaders(deadline - started.Elapsed);
        if (partitions is null)
        {
            return false;
        }

        var config = new ConsumerConfig(_options.Properties.ToDictionary())
        {
            BootstrapServers = _options.BootstrapServers,
            // Required by librdkafka, never joined: partitions are assigned, and nothing is committed.
            GroupId = "llama3siem-dead-letter-keys",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = true,
        };

        // Letters are up to the producer's limit; a fetch must be able to hold one.
        config.MaxPartitionFetchBytes = Math.Max(config.MaxPartitionFetchBytes ?? 0, Limit.Bytes);
        config.FetchMaxBytes = Math.Max(config.FetchMaxBytes ?? DefaultFetchMaxBytes, config.MaxPartitionFetchBytes.Value);
        config.ReceiveMessageMaxBytes = Math.Max(config.ReceiveMessageMaxBytes ?? 0, config.FetchMaxBytes.Value + 512);
        using var consumer = new ConsumerBuilder<byte[]?, Ignore>(config).Build();
        var ends = new Dictionary<int, long>();
        foreach (var partition in partitions)
        {
            var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(Topic, partition), Remaining(started, deadline));
            if (watermarks.High.Value > watermarks.Low.Value)
            {
                ends[partition] = watermarks.High.Value;
            }
        }

        consumer.Assign(ends.Keys.Select(p => new TopicPartitionOffset(Topic, p, Offset.Beginning)));
        var read = 0L;
        while (ends.Count > 0 && started.Elapsed < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(TimeSpan.FromMilliseconds(Math.Min(500, Remaining(started, deadline).TotalMilliseconds)));
            if (result is null)
            {
                continue;
            }

            var partition = result.Partition.Value;
            if (!result.IsPartitionEOF && result.Message.Key is { } key)
            {
                Remember(Encoding.UTF8.GetString(key));
                read++;
            }

            if (result.IsPartitionEOF || result.Offset.Value + 1 >= ends.GetValueOrDefault(partition, long.MinValue))
            {
                ends.Remove(partition);
            }
        }

        consumer.Close();
        if (ends.Count > 0)
        {
            LogKeysPartlyRead(_logger, Topic, read, _options.KeyReadTimeout.TotalSeconds, ends.Count);
        }
        else
        {
            LogKeysRead(_logger, Topic, read, partitions.Count, started.Elapsed.TotalSeconds);
        }

        return true;
    }

    /// <summary>The topic's partitions once each has a leader; null when the topic does not exist.</summary>
    private List<int>? PartitionsWithLeaders(TimeSpan timeout)
    {
        using var admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        var started = Stopwatch.StartNew();
        while (true)
        {
            var topic = admin.GetMetadata(Topic, Remaining(started, timeout)).Topics.Single();
            if (topic.Error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic)
            {
                return null;
            }

            if (!topic.Error.IsError && topic.Partitions.Count > 0 && topic.Partitions.All(p => p.Leader >= 0))
            {
                return [.. topic.Partitions.Select(p => p.PartitionId)];
            }

            // A topic the broker just created (auto-creation) has no leader for a moment; a move of leaders too.
            if (started.Elapsed > timeout)
            {
                throw new KafkaException(topic.Error.IsError ? topic.Error : new Error(ErrorCode.LeaderNotAvailable));
            }

            Thread.Sleep(100);
        }
    }

    private static TimeSpan Remaining(Stopwatch started, TimeSpan deadline) =>
        TimeSpan.FromMilliseconds(Math.Max(1, (deadline - started.Elapsed).TotalMilliseconds));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-letter topic {Topic} refused a letter of {Bytes} bytes as too large (its limit is below the producer's); sending it cut to {Budget} bytes")]
    private static partial void LogCutSmaller(ILogger logger, string topic, int bytes, long budget);

    [LoggerMessage(Level = LogLevel.Information, Message = "Read {Keys} keys of dead-letter topic {Topic} ({Partitions} partitions) in {Seconds:F1} s: letters with these keys are not written again")]
    private static partial void LogKeysRead(ILogger logger, string topic, long keys, int partitions, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Read {Keys} keys of dead-letter topic {Topic} in {Seconds:F0} s but not to the end of {Partitions} partitions: records dead-lettered before a restart may be written again")]
    private static partial void LogKeysPartlyRead(ILogger logger, string topic, long keys, double seconds, int partitions);
}
