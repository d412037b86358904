using Microsoft.Extensions.Logging;

namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>
/// Dead letters to the topic, and to the local file when the topic refuses them for good, so that a letter is
/// always durable somewhere and only transient failures reach the caller (which retries them). A letter in the
/// file says why in <see cref="DeadLetter.DestinationError"/>; each one counts on
/// <c>llama3siem.dead_letters.fallback</c>, and an Error log line says so once a minute per reason at most, with
/// the count. After a refusal of the topic as a whole (not authorized, unknown or invalid topic) letters go
/// straight to the file for <see cref="RetryTopicAfter"/>, then the topic is asked again.
/// </summary>
public sealed partial class RoutedDeadLetterSink(
    IDeadLetterSink topic,
    JsonlFileDeadLetterSink file,
    ILogger<RoutedDeadLetterSink> logger,
    TimeProvider time,
    DeadLetterMetrics? metrics = null) : IDeadLetterSink
{
    public static readonly TimeSpan DefaultRetryTopicAfter = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan ErrorLogInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<TopicRefusal, (DateTimeOffset LoggedAt, long Unlogged)> _logged = [];
    private (TopicRefusal Refusal, DateTimeOffset Until)? _topicRefused;

    /// <summary>How long letters skip the topic after it refused every letter. Default 5 minutes.</summary>
    public TimeSpan RetryTopicAfter { get; init; } = DefaultRetryTopicAfter;

    public async Task WriteAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        if (StandingRefusal() is { } standing)
        {
            await FallBackAsync(deadLetter, standing, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await topic.WriteAsync(deadLetter, cancellationToken).ConfigureAwait(false);
        }
        catch (DeadLetterRefusedException refused)
        {
            if (DeadLetterTopicErrors.AppliesToEveryLetter(refused.Refusal))
            {
                lock (_lock)
                {
                    _topicRefused = (refused.Refusal, time.GetUtcNow() + RetryTopicAfter);
                }
            }

            await FallBackAsync(deadLetter, refused.Refusal, cancellationToken).ConfigureAwait(false);
        }
    }

    private TopicRefusal? StandingRefusal()
    {
        lock (_lock)
        {
            return _topicRefused is { } refused && time.GetUtcNow() < refused.Until ? refused.Refusal : null;
        }
    }

    private async Task FallBackAsync(DeadLetter letter, TopicRefusal refusal, CancellationToken cancellationToken)
    {
        var reason = DeadLetterTopicErrors.Describe(refusal);
        await file.WriteAsync(letter with { DestinationError = $"dead-letter topic refused it: {reason}" }, cancellationToken).ConfigureAwait(false);
        metrics?.Fallback(refusal);

        long count;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var (loggedAt, unlogged) = _logged.GetValueOrDefault(refusal, (DateTimeOffset.MinValue, 0));
            if (now - loggedAt < ErrorLogInterval)
            {
                _logged[refusal] = (loggedAt, unlogged + 1);
                return;
            }

            count = unlogged + 1;
            _logged[refusal] = (now, 0);
        }

        LogFellBack(logger, count, reason, file.FilePath);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} dead letters went to the local file {Path} because the dead-letter topic refused them: {Reason} (logged once a minute per reason; see llama3siem.dead_letters.fallback)")]
    private static partial void LogFellBack(ILogger logger, long count, string reason, string path);
}
