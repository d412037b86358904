using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Confluent.Kafka;
using Llama3Siem.Worker.Configuration;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Ingestion.Kafka;

/// <summary>
/// Consumes Kafka topics for the pipeline, at least once: offsets are stored only when every record up to them
/// has been acknowledged (<see cref="OffsetTracker"/>), never on receipt. A dedicated thread owns the consumer
/// (librdkafka's consumer is not thread-safe), keeps polling so the group never times it out, pauses its
/// partitions when the pipeline falls behind and resumes them when it catches up.
/// </summary>
internal sealed partial class KafkaEventSource : IEventSource
{
    /// <summary>How long the consumer waits for a message before it checks acknowledgements and backpressure.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the pipeline waits for a record before it gets an idle tick.</summary>
    private static readonly TimeSpan IdleTick = TimeSpan.FromSeconds(1);

    private readonly KafkaOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<SourceRecord> _buffer = Channel.CreateUnbounded<SourceRecord>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = true });
    private readonly ConcurrentQueue<SourcePosition> _acknowledged = new();
    private readonly ConcurrentDictionary<(string Topic, int Partition), long> _assignments = new();
    private readonly OffsetTracker _tracker = new();
    private readonly CancellationTokenSource _stopFetching = new();
    private readonly CancellationTokenSource _close = new();
    private Task? _consumerThread;
    private long _assignmentCounter;

    /// <summary>Records in <see cref="_buffer"/> (a single-reader channel cannot count itself).</summary>
    private int _buffered;

    /// <summary>Whether the consumer's partitions are paused for backpressure or shutdown (consumer thread only).</summary>
    private bool _paused;
    private int _disposed;

    public KafkaEventSource(KafkaOptions options, ILogger<KafkaEventSource> logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>Settings of the consumer: ours first, then every <c>Kafka:Properties</c> entry, which wins.</summary>
    internal static ConsumerConfig ConsumerConfig(KafkaOptions options)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.GroupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,

            // The heart of "lose nothing": offsets are stored by us, after the store acknowledged; librdkafka only
            // commits what was stored.
            EnableAutoOffsetStore = false,
            EnableAutoCommit = true,
            AutoCommitIntervalMs = 1000,
            EnablePartitionEof = false,
        };
        foreach (var (key, value) in options.Properties)
        {
            config.Set(key, value);
        }

        return config;
    }

    public async IAsyncEnumerable<SourceRecord?> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _consumerThread ??= Task.Factory.StartNew(ConsumeLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        using var stop = cancellationToken.Register(() => _stopFetching.Cancel());
        while (!cancellationToken.IsCancellationRequested)
        {
            SourceRecord? record = null;
            try
            {
                if (await _buffer.Reader.WaitToReadAsync(cancellationToken).AsTask().WaitAsync(IdleTick, cancellationToken).ConfigureAwait(false))
                {
                    if (_buffer.Reader.TryRead(out record))
                    {
                        Interlocked.Decrement(ref _buffered);
                    }
                }
                else
                {
                    yield break;
                }
            }
            catch (TimeoutException)
            {
                record = null;
            }

            if (record is not null && !IsCurrent(record.Position!))
            {
                // Its partition was revoked after it was fetched: another consumer owns it now.
                continue;
            }

            yield return record;
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Acknowledge(SourceRecord record)
    {
        if (record.Position is { } position)
        {
            _acknowledged.Enqueue(position);
        }
    }

    /// <summary>Stops fetching, stores what was acknowledged, commits it, and leaves the group cleanly.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopFetching.CancelAsync().ConfigureAwait(false);
        await _close.CancelAsync().ConfigureAwait(false);
        if (_consumerThread is not null)
        {
            await _consumerThread.ConfigureAwait(false);
        }

        _stopFetching.Dispose();
        _close.Dispose();
    }

    private bool IsCurrent(SourcePosition position) =>
        _assignments.TryGetValue((position.Topic, position.Partition), out var assignment) && assignment == position.Assignment;

    private void ConsumeLoop()
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(ConsumerConfig(_options))
            .SetPartitionsAssignedHandler((c, partitions) => OnAssigned(c, partitions))
            .SetPartitionsRevokedHandler((c, partitions) => OnRevoked(c, partitions.Select(p => p.TopicPartition).ToList()))
            .SetPartitionsLostHandler((c, partitions) => OnLost(partitions.Select(p => p.TopicPartition).ToList()))
            .SetErrorHandler((_, error) => LogKafkaError(_logger, error.Code.ToString(), error.Reason, error.IsFatal))
            .SetLogHandler((_, message) => LogLibrdkafka(_logger, message.Facility, message.Message))
            .Build();
        try
        {
            consumer.Subscribe(_options.Topics);
            LogSubscribed(_logger, _options.Topics, _options.GroupId);
            while (!_close.IsCancellationRequested)
            {
                StoreAcknowledged(consumer);

                // Backpressure: pause instead of buffering without bound, but keep polling so that the group
                // still sees this consumer alive and max.poll.interval.ms is never exceeded.
                var shouldPause = _stopFetching.IsCancellationRequested || Volatile.Read(ref _buffered) >= _options.MaxBufferedRecords;
                if (shouldPause != _paused && consumer.Assignment.Count > 0)
                {
                    if (shouldPause)
                    {
                        consumer.Pause(consumer.Assignment);
                        LogPaused(_logger, _buffered);
                    }
                    else if (Volatile.Read(ref _buffered) <= _options.MaxBufferedRecords / 2)
                    {
                        consumer.Resume(consumer.Assignment);
                        LogResumed(_logger, _buffered);
                    }
                    else
                    {
                        shouldPause = true;
                    }

                    _paused = shouldPause;
                }

                ConsumeResult<Ignore, byte[]>? result;
                try
                {
                    result = consumer.Consume(PollInterval);
                }
                catch (ConsumeException ex)
                {
                    LogConsumeError(_logger, ex.Error.Code.ToString(), ex.Error.Reason);
                    continue;
                }

                if (result?.Message is null || _stopFetching.IsCancellationRequested)
                {
                    // After a stop, anything still fetched is left unacknowledged: a restart redelivers it.
                    continue;
                }

                var partition = result.TopicPartitionOffset;
                if (!_tracker.Track(partition))
                {
                    continue;
                }

                var timestamp = result.Message.Timestamp.Type == TimestampType.NotAvailable ? (DateTimeOffset?)null : result.Message.Timestamp.UtcDateTime;
                var assignment = _assignments.GetValueOrDefault((partition.Topic, partition.Partition.Value));
                Interlocked.Increment(ref _buffered);
                _buffer.Writer.TryWrite(new SourceRecord(
                    result.Message.Value ?? [],
                    partition.Topic,
                    Line: null,
                    Position: new SourcePosition(partition.Topic, partition.Partition.Value, partition.Offset.Value, timestamp, assignment)));
            }
        }
        catch (Exception ex)
        {
            LogConsumerFailed(_logger, ex);
            _buffer.Writer.TryComplete(ex);
            return;
        }
        finally
        {
            Shutdown(consumer);
        }
    }

    private void Shutdown(IConsumer<Ignore, byte[]> consumer)
    {
        try
        {
            StoreAcknowledged(consumer);
            var offsets = _tracker.AllCommittable();
            if (offsets.Count > 0)
            {
                consumer.Commit(offsets);
            }

            LogClosing(_logger, offsets.Count, _tracker.InFlight);
            consumer.Close();
        }
        catch (KafkaException ex)
        {
            LogCommitFailed(_logger, ex.Error.Code.ToString(), ex.Error.Reason);
        }

        _buffer.Writer.TryComplete();
    }

    /// <summary>Stores the offsets the pipeline's acknowledgements allow; librdkafka commits them.</summary>
    private void StoreAcknowledged(IConsumer<Ignore, byte[]> consumer)
    {
        var latest = new Dictionary<TopicPartition, TopicPartitionOffset>();
        while (_acknowledged.TryDequeue(out var position))
        {
            if (!IsCurrent(position))
            {
                continue;
            }

            var done = new TopicPartitionOffset(position.Topic, new Partition(position.Partition), new Offset(position.Offset));
            if (_tracker.Complete(done) is { } next)
            {
                latest[next.TopicPartition] = next;
            }
        }

        foreach (var offset in latest.Values)
        {
            try
            {
                consumer.StoreOffset(offset);
            }
            catch (KafkaException ex)
            {
                // The partition went away between the acknowledgement and now: its new owner redelivers.
                LogStoreFailed(_logger, offset.Topic, offset.Partition.Value, ex.Error.Reason);
            }
        }
    }

    private void OnAssigned(IConsumer<Ignore, byte[]> consumer, List<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _assignments[(partition.Topic, partition.Partition.Value)] = Interlocked.Increment(ref _assignmentCounter);
        }

        _tracker.Assign(partitions);
        LogAssigned(_logger, partitions);
        if (_paused)
        {
            // Newly assigned partitions join the pause the others are in.
            consumer.Pause(partitions);
        }
    }

    /// <summary>Revoked: stop handing out their records, store and commit what is complete, forget the rest.</summary>
    private void OnRevoked(IConsumer<Ignore, byte[]> consumer, List<TopicPartition> partitions)
    {
        StoreAcknowledged(consumer);
        foreach (var partition in partitions)
        {
            _assignments.TryRemove((partition.Topic, partition.Partition.Value), out _);
        }

        var complete = _tracker.Remove(partitions);
        if (complete.Count > 0)
        {
            try
            {
                consumer.Commit(complete);
            }
            catch (KafkaException ex)
            {
                LogCommitFailed(_logger, ex.Error.Code.ToString(), ex.Error.Reason);
            }
        }

        LogRevoked(_logger, partitions, complete.Count);
    }

    /// <summary>Lost (the group moved on without us): nothing may be stored for them any more.</summary>
    private void OnLost(List<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _assignments.TryRemove((partition.Topic, partition.Partition.Value), out _);
        }

        _tracker.Remove(partitions);
        LogLost(_logger, partitions);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to {Topics} as group {GroupId}")]
    private static partial void LogSubscribed(ILogger logger, IEnumerable<string> topics, string groupId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Assigned {Partitions}")]
    private static partial void LogAssigned(ILogger logger, IEnumerable<TopicPartition> partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked {Partitions}; committed {Committed} completed offsets")]
    private static partial void LogRevoked(ILogger logger, IEnumerable<TopicPartition> partitions, int committed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost {Partitions}; nothing stored for them")]
    private static partial void LogLost(ILogger logger, IEnumerable<TopicPartition> partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline behind ({Buffered} records buffered): partitions paused")]
    private static partial void LogPaused(ILogger logger, int buffered);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline caught up ({Buffered} records buffered): partitions resumed")]
    private static partial void LogResumed(ILogger logger, int buffered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka error {Code}: {Reason} (fatal: {Fatal})")]
    private static partial void LogKafkaError(ILogger logger, string code, string reason, bool fatal);

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka {Facility}: {Message}")]
    private static partial void LogLibrdkafka(ILogger logger, string facility, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consume failed: {Code} {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Kafka consumer failed")]
    private static partial void LogConsumerFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing the consumer: committed {Partitions} partitions, {InFlight} records left unacknowledged (they will be redelivered)")]
    private static partial void LogClosing(ILogger logger, int partitions, int inFlight);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit failed: {Code} {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, string code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not store the offset of {Topic}[{Partition}]: {Reason}")]
    private static partial void LogStoreFailed(ILogger logger, string topic, int partition, string reason);
}
