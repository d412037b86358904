using Confluent.Kafka;

namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>
/// Which produce errors of the dead-letter topic are permanent. Everything not named here is transient (the
/// broker is away, a leader moves, a request timed out): the pipeline retries those with backoff.
/// </summary>
/// <remarks>
/// An unknown topic counts as permanent: librdkafka reports it only after waiting
/// <c>topic.metadata.propagation.max.ms</c> (default 30 s) for the topic to appear, which is the bounded wait,
/// and <see cref="RoutedDeadLetterSink"/> asks the topic again after a pause, so a topic created later is used
/// from then on. librdkafka reports its own size check with the broker's code
/// (<see cref="ErrorCode.MsgSizeTooLarge"/>); Confluent.Kafka has no separate local code for it.
/// </remarks>
public static class DeadLetterTopicErrors
{
    /// <summary>The permanent refusal this error means, or null for a transient error.</summary>
    public static TopicRefusal? Classify(ErrorCode code) => code switch
    {
        ErrorCode.MsgSizeTooLarge or ErrorCode.RecordListTooLarge or ErrorCode.InvalidMsgSize => TopicRefusal.TooLarge,
        ErrorCode.TopicAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed => TopicRefusal.NotAuthorized,
        ErrorCode.TopicException => TopicRefusal.InvalidTopic,
        ErrorCode.Local_UnknownTopic or ErrorCode.UnknownTopicOrPart => TopicRefusal.UnknownTopic,
        ErrorCode.InvalidConfig => TopicRefusal.InvalidConfig,
        _ => null,
    };

    /// <summary>Words for a refusal, for <see cref="DeadLetter.DestinationError"/> and logs (no event content).</summary>
    public static string Describe(TopicRefusal refusal) => refusal switch
    {
        TopicRefusal.TooLarge => "the letter is too large even when truncated",
        TopicRefusal.NotAuthorized => "topic authorization failed",
        TopicRefusal.InvalidTopic => "invalid topic name",
        TopicRefusal.UnknownTopic => "the topic does not exist and the broker does not create it",
        TopicRefusal.InvalidConfig => "invalid configuration",
        _ => refusal.ToString(),
    };

    /// <summary>
    /// True for refusals of the topic as a whole (not of one letter): after one, letters go to the fallback for a
    /// while without asking the topic each time.
    /// </summary>
    public static bool AppliesToEveryLetter(TopicRefusal refusal) => refusal != TopicRefusal.TooLarge;
}
