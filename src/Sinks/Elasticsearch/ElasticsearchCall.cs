using System.Text.Json;

namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>One answer from Elasticsearch: the status (null when none came) and the body.</summary>
internal sealed record ElasticsearchCall(int? Status, string Body, Exception? TransportError)
{
    public bool Succeeded => Status is >= 200 and < 300;

    /// <summary>429 (back-pressure), 5xx, or no answer at all: worth retrying.</summary>
    public bool IsTransient => Status is null or 429 or >= 500;

    public static bool IsTransientStatus(int status) => status is 429 or >= 500;

    /// <summary>The body as JSON; a body that is not (a proxy's HTML page, a cut-off answer) is a store failure.</summary>
    /// <exception cref="ElasticsearchStoreException">The body does not parse; the message names the request, not the body.</exception>
    public JsonDocument ParseBody(string requestName)
    {
        try
        {
            return JsonDocument.Parse(Body);
        }
        catch (JsonException e)
        {
            // Transient: a proxy or a node in trouble may answer properly later; the pipeline pauses and retries.
            throw new ElasticsearchStoreException(
                $"Elasticsearch {requestName} answered with a body that is not JSON (status {Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).",
                Status,
                transient: true,
                e);
        }
    }
}
