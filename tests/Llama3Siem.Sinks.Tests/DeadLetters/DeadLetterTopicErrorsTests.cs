using Confluent.Kafka;
using Llama3Siem.Sinks.DeadLetters;

namespace Llama3Siem.Sinks.Tests.DeadLetters;

public sealed class DeadLetterTopicErrorsTests
{
    [Theory]
    [InlineData(ErrorCode.MsgSizeTooLarge, TopicRefusal.TooLarge)]
    [InlineData(ErrorCode.RecordListTooLarge, TopicRefusal.TooLarge)]
    [InlineData(ErrorCode.InvalidMsgSize, TopicRefusal.TooLarge)]
    [InlineData(ErrorCode.TopicAuthorizationFailed, TopicRefusal.NotAuthorized)]
    [InlineData(ErrorCode.ClusterAuthorizationFailed, TopicRefusal.NotAuthorized)]
    [InlineData(ErrorCode.TopicException, TopicRefusal.InvalidTopic)]
    [InlineData(ErrorCode.Local_UnknownTopic, TopicRefusal.UnknownTopic)]
    [InlineData(ErrorCode.UnknownTopicOrPart, TopicRefusal.UnknownTopic)]
    [InlineData(ErrorCode.InvalidConfig, TopicRefusal.InvalidConfig)]
    public void Permanent_errors_are_refusals_of_their_kind(ErrorCode code, TopicRefusal expected)
    {
        Assert.Equal(expected, DeadLetterTopicErrors.Classify(code));
    }

    [Theory]
    [InlineData(ErrorCode.Local_MsgTimedOut)]
    [InlineData(ErrorCode.Local_Transport)]
    [InlineData(ErrorCode.Local_AllBrokersDown)]
    [InlineData(ErrorCode.Local_QueueFull)]
    [InlineData(ErrorCode.LeaderNotAvailable)]
    [InlineData(ErrorCode.NotLeaderForPartition)]
    [InlineData(ErrorCode.RequestTimedOut)]
    [InlineData(ErrorCode.NetworkException)]
    [InlineData(ErrorCode.NotEnoughReplicas)]
    [InlineData(ErrorCode.BrokerNotAvailable)]
    [InlineData(ErrorCode.Local_Fail)]
    public void Other_errors_are_transient(ErrorCode code)
    {
        Assert.Null(DeadLetterTopicErrors.Classify(code));
    }

    [Fact]
    public void Only_too_large_is_a_refusal_of_one_letter_rather_than_of_the_topic()
    {
        Assert.False(DeadLetterTopicErrors.AppliesToEveryLetter(TopicRefusal.TooLarge));
        Assert.All(Enum.GetValues<TopicRefusal>().Where(r => r != TopicRefusal.TooLarge),
            refusal => Assert.True(DeadLetterTopicErrors.AppliesToEveryLetter(refusal)));
    }

    [Fact]
    public void Every_refusal_has_words_and_a_metric_tag()
    {
        Assert.All(Enum.GetValues<TopicRefusal>(), refusal =>
        {
            Assert.NotEqual(refusal.ToString(), DeadLetterTopicErrors.Describe(refusal));
            Assert.NotEqual("other", DeadLetterMetrics.ReasonTag(refusal));
        });
        Assert.Equal("topic authorization failed", DeadLetterTopicErrors.Describe(TopicRefusal.NotAuthorized));
    }
}
