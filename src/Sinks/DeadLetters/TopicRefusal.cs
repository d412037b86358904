namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>Why the dead-letter topic will not take a letter however often it is asked.</summary>
public enum TopicRefusal
{
    /// <summary>The letter is over the producer's or the broker's size limit. Only this letter: a smaller one may go.</summary>
    TooLarge,

    /// <summary>The topic or the cluster refused this client (ACLs).</summary>
    NotAuthorized,

    /// <summary>The topic name is not valid.</summary>
    InvalidTopic,

    /// <summary>The topic does not exist and the broker does not create it.</summary>
    UnknownTopic,

    /// <summary>The broker rejected the request's or the topic's configuration.</summary>
    InvalidConfig,
}
