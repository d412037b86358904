using Llama3Siem.Sinks.DeadLetters;
using Llama3Siem.Worker.Ingestion;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Pipeline;

/// <summary>
/// Dead letters of one run, written behind the pipeline loop, in order within each partition: a destination that
/// fails holds back only the records it has not taken (and later letters of their partitions), never the loop, so
/// other records, other partitions' incidents and their offsets keep moving. A record is acknowledged only once its letter is durable, so the source never counts it as
/// done before (its partition's stored offset waits for it; nothing is acknowledged past it).
/// </summary>
/// <remarks>
/// At most <c>DeadLetters:MaxPending</c> letters wait at once: at that many the loop waits for a slot, which is
/// backpressure, never loss. Transient failures are retried with backoff until the letter is written or the run
/// stops; the destination itself routes permanent refusals elsewhere (<see cref="IDeadLetterSink"/>). A letter
/// waiting past <c>DeadLetters:MaxWait</c> is logged once at Error and makes the worker not ready.
/// </remarks>
internal sealed partial class PendingDeadLetters(
    IDeadLetterSink sink,
    IEventSource source,
    DeadLetterBacklog backlog,
    int maxPending,
    TimeSpan maxWait,
    TimeProvider time,
    ILogger logger,
    CancellationToken stopping) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(maxPending, maxPending);
    private readonly List<Task> _writes = [];
    private readonly Dictionary<string, Task> _lastOfPartition = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private long _writtenTotal;

    private readonly Dictionary<string, long> _written = new(StringComparer.Ordinal);

    /// <summary>Letters written so far (any thread may read it).</summary>
    public long WrittenTotal => Interlocked.Read(ref _writtenTotal);

    /// <summary>Letters written so far, by reason kind.</summary>
    public Dictionary<string, long> WrittenByReason()
    {
        lock (_gate)
        {
            return new Dictionary<string, long>(_written, StringComparer.Ordinal);
        }
    }

    /// <summary>Starts writing <paramref name="letter"/>; returns once it is on its way (waits only for a free slot).</summary>
    public async Task StartAsync(SourceRecord record, DeadLetter letter, string reasonKind, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        var waiting = backlog.Add(record.Origin);

        // Letters of one partition (or file) are written in their order, each after the one before: a letter that
        // waits holds back only its own partition's later letters, whose offsets could not move past it anyway.
        var partition = record.Position is { } position ? $"{position.Topic}/{position.Partition}" : record.Source;
        lock (_gate)
        {
            _writes.RemoveAll(t => t.IsCompleted);
            var before = _lastOfPartition.GetValueOrDefault(partition) ?? Task.CompletedTask;
            // WriteAsync never faults, so the letter after it always gets its turn.
            var write = Task.Run(async () =>
            {
                await before;
                await WriteAsync(record, letter, reasonKind, waiting);
            }, CancellationToken.None);
            _lastOfPartition[partition] = write;
            _writes.Add(write);
        }
    }

    /// <summary>Waits for every letter under way; those still failing when <paramref name="cancellationToken"/> fires stay unacknowledged.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        Task[] writes;
        lock (_gate)
        {
            writes = [.. _writes];
        }

        try
        {
            await Task.WhenAll(writes).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogLeftUnwritten(logger, writes.Count(w => !w.IsCompleted));
        }
    }

    /// <summary>Writes until durable or stopped; never throws, whatever the destination does.</summary>
    private async Task WriteAsync(SourceRecord record, DeadLetter letter, string reasonKind, IDisposable waiting)
    {
        using var _ = waiting;
        try
        {
            var started = time.GetTimestamp();
            var overdueLogged = false;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await sink.WriteAsync(letter, stopping);
                    break;
                }
                catch (Exception ex) when (ex is not ArgumentException && !stopping.IsCancellationRequested)
                {
                    var delay = RetryDelay.After(attempt);
                    LogWriteFailed(logger, record.Origin, attempt, ex.GetType().Name, delay.TotalSeconds);
                    if (!overdueLogged && time.GetElapsedTime(started) >= maxWait)
                    {
                        overdueLogged = true;
                        LogOverdue(logger, record.Origin, time.GetElapsedTime(started).TotalSeconds);
                    }

                    await Task.Delay(delay, time, stopping);
                }
            }

            source.Acknowledge(record);
            lock (_gate)
            {
                _written[reasonKind] = _written.GetValueOrDefault(reasonKind) + 1;
            }

            Interlocked.Increment(ref _writtenTotal);

            LogDeadLettered(logger, record.Origin, letter.Reason);
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // The run stopped before the letter was durable: the record stays unacknowledged and comes again.
        }
        catch (ArgumentException ex)
        {
            // No retry can fix a letter the destination calls invalid; unacknowledged, the record comes again after a restart.
            LogRefused(logger, record.Origin, ex.GetType().Name);
        }
        finally
        {
            try
            {
                _slots.Release();
            }
            catch (ObjectDisposedException)
            {
                // The run ended (drain deadline passed) while this write was still stopping.
            }
        }
    }

    public void Dispose() => _slots.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the dead letter of {Origin} failed (attempt {Attempt}, {ErrorType}); retrying in {DelaySeconds:F1} s; only this record waits, the rest of the stream goes on")]
    private static partial void LogWriteFailed(ILogger logger, string origin, int attempt, string errorType, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "The dead letter of {Origin} has waited {Seconds:F0} s for its destination (DeadLetters:MaxWait): its partition's offset is held there and the worker reports not ready until it is written")]
    private static partial void LogOverdue(ILogger logger, string origin, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead-lettered {Origin}: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string origin, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The dead-letter destination refused the letter of {Origin} as invalid ({ErrorType}); the record stays unacknowledged")]
    private static partial void LogRefused(ILogger logger, string origin, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping with {Count} dead letters not yet written: their records were not acknowledged and will be read again")]
    private static partial void LogLeftUnwritten(ILogger logger, int count);
}
