namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>
/// A destination refused a letter for good: asking again would not help, so it must go elsewhere
/// (<see cref="RoutedDeadLetterSink"/>). The message names the reason, never the letter's content.
/// </summary>
public sealed class DeadLetterRefusedException : Exception
{
    public DeadLetterRefusedException(TopicRefusal refusal, string destination, Exception? innerException = null)
        : base($"{destination} refused the dead letter: {DeadLetterTopicErrors.Describe(refusal)}.", innerException)
    {
        Refusal = refusal;
    }

    public DeadLetterRefusedException()
    {
    }

    public DeadLetterRefusedException(string message)
        : base(message)
    {
    }

    public DeadLetterRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TopicRefusal Refusal { get; }
}
