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
/// lost may still be sent twice; a compacted topic (<c>cleanup.policy=compact</c>) keeps one of those. A key read
/// that fails transiently (the cluster unreachable) fails the writes of the next
/// <see cref="KafkaDeadLetterSinkOptions.KeyReadRetryAfter"/> at once, so that letters waiting on several
/// partitions do not each pay the bound in turn. A client allowed to write but not to read the topic writes
/// without reading (and says so once).</para>
/// <para>Cluster: <c>bootstrap.servers</c> in <see cref="KafkaDeadLetterSinkOptions.ProducerProperties"/> (a
/// separate dead-letter cluster) wins over <see cref="KafkaDeadLetterSinkOptions.BootstrapServers"/>, for the
/// producer and the key-reading consumer alike; the consumer takes the producer properties too (security
/// settings of that cluster), all but the producer-only ones.</para>
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

    // librdkafka warns on every consumer that is given one of these.
    private static readonly HashSet<string> ProducerOnly = new(StringComparer.Ordinal)
    {
        "acks", "request.required.acks", "linger.ms", "queue.buffering.max.ms", "message.timeout.ms", "delivery.timeout.ms",
        "request.timeout.ms", "retries", "message.send.max.retries", "batch.num.messages", "batch.size", "compression.type",
        "compression.codec", "enable.idempotence", "queue.buffering.max.messages", "queue.buffering.max.kbytes",
    };

    // GetMetadata blocks for its whole timeout when no broker answers: asked in slices, shutdown need not wait out the bound.
    private static readonly TimeSpan MetadataSlice = TimeSpan.FromSeconds(1);

    private readonly KafkaDeadLetterSinkOptions _options;
    private readonly IProducer<string?, byte[]> _producer;
    private readonly ILogger _logger;
    private readonly DeadLetterMetrics? _metrics;
    private readonly SemaphoreSlim _keysRead = new(1, 1);
    private readonly Lock _keysLock = new();
    private readonly RememberedKeys _keys;
    private bool _keysKnown;
    private (Error Error, long Until)? _keysUnreadable;

    public KafkaDeadLetterSink(KafkaDeadLetterSinkOptions options, ILogger? logger = null, DeadLetterMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Topic);
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
        _keys = new RememberedKeys(options.MaxRememberedKeys);
        Limit = DeadLetterProducerLimit.From(options.Properties, options.ProducerProperties);
        BootstrapServers = options.ProducerProperties.GetValueOrDefault(BootstrapServersProperty) is { Length: > 0 } own ? own : options.BootstrapServers;

        var config = new ProducerConfig
        {
            Acks = Acks.All,
            LingerMs = 5,
            MessageSendMaxRetries = 10,
        };
        foreach (var (key, value) in options.Properties.Where(p => !ConsumerOnly.Contains(p.Key)).Concat(options.ProducerProperties))
        {
            config.Set(key, value);
        }

        config.BootstrapServers = BootstrapServers;
        config.MessageMaxBytes = Limit.Bytes;
        _producer = new ProducerBuilder<string?, byte[]>(config).Build();
    }

    /// <summary>The producer's <c>message.max.bytes</c>, configured or derived from the consumer's settings.</summary>
    public DeadLetterProducerLimit Limit { get; }

    public string Topic => _options.Topic;

    /// <summary>The cluster the letters go to (and whose keys are read).</summary>
    public string BootstrapServers { get; }

    private const string BootstrapServersProperty = "bootstrap.servers";

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
            if (_keysKnown)
            {
                return;
            }

            if (_keysUnreadable is { } failed && Stopwatch.GetTimestamp() < failed.Until)
            {
                throw new KafkaException(failed.Error);
            }

            try
            {
                _keysKnown = await Task.Run(() => ReadKeys(cancellationToken), cancellationToken).ConfigureAwait(false);
                _keysUnreadable = null;
            }
            catch (KafkaException exception)
            {
                _keysUnreadable = (exception.Error, Stopwatch.GetTimestamp() + (long)(_options.KeyReadRetryAfter.TotalSeconds * Stopwatch.Frequency));
                LogKeysUnreadable(_logger, Topic, BootstrapServers, exception.Error.Reason, _options.KeyReadRetryAfter.TotalSeconds);
                throw;
            }
        }
        finally
        {
            _keysRead.Release();
        }
    }

    /// <summary>
    /// Reads the keys from the beginning of every partition to its high watermark. False when the topic refuses
    /// this client for good (it does not exist, or its metadata is not authorized: nothing to read; the write that
    /// follows is refused and this is tried again later). True when reading is not authorized but writing may be.
    /// </summary>
    private bool ReadKeys(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var deadline = started.Elapsed + _options.KeyReadTimeout;
        var partitions = PartitionsWithLeaders(deadline - started.Elapsed, cancellationToken);
        if (partitions is null)
        {
            return false;
        }

        var properties = _options.Properties.Concat(_options.ProducerProperties.Where(p => !ProducerOnly.Contains(p.Key)))
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        var config = new ConsumerConfig(properties)
        {
            BootstrapServers = BootstrapServers,
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
            ConsumeResult<byte[]?, Ignore>? result;
            try
            {
                result = consumer.Consume(TimeSpan.FromMilliseconds(Math.Min(500, Remaining(started, deadline).TotalMilliseconds)));
            }
            catch (ConsumeException exception) when (DeadLetterTopicErrors.Classify(exception.Error.Code) == TopicRefusal.NotAuthorized)
            {
                // A principal that may write but not read the topic: letters still go, without the duplicate check.
                LogKeysNotAuthorized(_logger, Topic, exception.Error.Reason);
                consumer.Close();
                return true;
            }

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

    /// <summary>
    /// The topic's partitions once each has a leader; null when the topic refuses this client for good (unknown,
    /// not authorized: Kafka answers a topic's metadata with TopicAuthorizationFailed when Describe is denied).
    /// </summary>
    private List<int>? PartitionsWithLeaders(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        var started = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Error error;
            try
            {
                var slice = TimeSpan.FromTicks(Math.Min(MetadataSlice.Ticks, Remaining(started, timeout).Ticks));
                var topic = admin.GetMetadata(Topic, slice).Topics.Single();
                if (DeadLetterTopicErrors.Classify(topic.Error.Code) is not null)
                {
                    return null;
                }

                if (!topic.Error.IsError && topic.Partitions.Count > 0 && topic.Partitions.All(p => p.Leader >= 0))
                {
                    return [.. topic.Partitions.Select(p => p.PartitionId)];
                }

                // A topic the broker just created (auto-creation) has no leader for a moment; a move of leaders too.
                error = topic.Error.IsError ? topic.Error : new Error(ErrorCode.LeaderNotAvailable);
                Thread.Sleep(100);
            }
            catch (KafkaException exception)
            {
                // No broker answered within the slice (Local_Transport, Local_TimedOut): ask again until the bound.
                error = exception.Error;
            }

            if (started.Elapsed > timeout)
            {
                throw new KafkaException(error);
            }
        }
    }

    private static TimeSpan Remaining(Stopwatch started, TimeSpan deadline) =>
        TimeSpan.FromMilliseconds(Math.Max(1, (deadline - started.Elapsed).TotalMilliseconds));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-letter topic {Topic} refused a letter of {Bytes} bytes as too large (its limit is below the producer's); sending it cut to {Budget} bytes")]
    private static partial void LogCutSmaller(ILogger logger, string topic, int bytes, long budget);

    [LoggerMessage(Level = LogLevel.Information, Message = "Read {Keys} keys of dead-letter topic {Topic} ({Partitions} partitions) in {Seconds:F1} s: letters with these keys are not written again")]
    private static partial void LogKeysRead(ILogger logger, string topic, long keys, int partitions, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the keys of dead-letter topic {Topic} on {BootstrapServers} ({Reason}): dead letters wait, and the next {RetrySeconds:F0} s of writes fail at once before it is tried again")]
    private static partial void LogKeysUnreadable(ILogger logger, string topic, string bootstrapServers, string reason, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This client may not read dead-letter topic {Topic} ({Reason}): letters are written without checking the keys it holds, so records dead-lettered before a restart may be written again")]
    private static partial void LogKeysNotAuthorized(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Read {Keys} keys of dead-letter topic {Topic} in {Seconds:F0} s but not to the end of {Partitions} partitions: records dead-lettered before a restart may be written again")]
    private static partial void LogKeysPartlyRead(ILogger logger, string topic, long keys, double seconds, int partitions);
}
