namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>One answer from Elasticsearch: the status (null when none came) and the body.</summary>
internal sealed record ElasticsearchCall(int? Status, string Body, Exception? TransportError)
{
    public bool Succeeded => Status is >= 200 and < 300;

    /// <summary>429 (back-pressure), 5xx, or no answer at all: worth retrying.</summary>
    public bool IsTransient => Status is null or 429 or >= 500;

    public static bool IsTransientStatus(int status) => status is 429 or >= 500;
}
