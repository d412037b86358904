namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>
/// Elasticsearch could not take or answer a request: unreachable or overloaded past every retry, or a refusal
/// that is not about one document (authentication, a missing index). Nothing of the batch is acknowledged; the
/// pipeline pauses and tries again. The message names the request and status, never incident content.
/// </summary>
public sealed class ElasticsearchStoreException : Exception
{
    public ElasticsearchStoreException()
    {
    }

    public ElasticsearchStoreException(string message)
        : base(message)
    {
    }

    public ElasticsearchStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ElasticsearchStoreException(string message, int? statusCode, bool transient, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        IsTransient = transient;
    }

    /// <summary>The last HTTP status, or null when no response came (connection refused, timeout).</summary>
    public int? StatusCode { get; }

    /// <summary>True when retrying later may succeed (429, 5xx, no response).</summary>
    public bool IsTransient { get; }
}
