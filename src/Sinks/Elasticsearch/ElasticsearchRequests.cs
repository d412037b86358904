using System.Text;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Microsoft.Extensions.Logging;
using TransportMethod = Elastic.Transport.HttpMethod;

namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>
/// Raw JSON requests through the official client's transport, so that the templates and bulk bodies go on the
/// wire exactly as built here, while the client still does the product check, authentication, TLS pinning and
/// node rotation. Transient failures (429, 5xx, no answer) are retried with <see cref="RetryBackoff"/>.
/// </summary>
internal sealed class ElasticsearchRequests(
    ElasticsearchClient client, RetryBackoff backoff, int maxRetries, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>The vendored NDJSON type an Elasticsearch 9 node expects on <c>_bulk</c>.</summary>
    private const string NdjsonContentType = "application/vnd.elasticsearch+x-ndjson;compatible-with=9";

    private static readonly RequestConfiguration NdjsonRequest = new() { ContentType = NdjsonContentType };

    public int MaxRetries => maxRetries;

    /// <summary>One request, no retry.</summary>
    public async Task<ElasticsearchCall> SendOnceAsync(
        TransportMethod method, string path, byte[]? body, bool ndjson, CancellationToken cancellationToken)
    {
        var endpoint = new EndpointPath(method, path);
        var response = await client.Transport.RequestAsync<StringResponse>(
            endpoint,
            body is null ? null : PostData.Bytes(body),
            null,
            ndjson ? NdjsonRequest : null,
            cancellationToken);
        var details = response.ApiCallDetails;
        return new ElasticsearchCall(details.HttpStatusCode, response.Body ?? string.Empty, details.HttpStatusCode is null ? details.OriginalException : null);
    }

    /// <summary>
    /// Sends until the answer is not transient or the retries are spent; returns the last answer (which may be a
    /// 404 or another permanent status for the caller to judge). Throws when transient failures outlast the retries.
    /// </summary>
    public async Task<ElasticsearchCall> SendAsync(
        TransportMethod method, string path, string? body, string requestName, CancellationToken cancellationToken)
    {
        var bytes = body is null ? null : Encoding.UTF8.GetBytes(body);
        for (var retry = 0; ; retry++)
        {
            var call = await SendOnceAsync(method, path, bytes, ndjson: false, cancellationToken);
            if (!call.IsTransient)
            {
                return call;
            }

            await WaitBeforeRetryAsync(call, requestName, retry, cancellationToken);
        }
    }

    /// <summary>Waits before retry <paramref name="retry"/> + 1, or throws when none is left.</summary>
    public async Task WaitBeforeRetryAsync(ElasticsearchCall call, string requestName, int retry, CancellationToken cancellationToken)
    {
        if (retry >= maxRetries)
        {
            throw new ElasticsearchStoreException(
                $"Elasticsearch {requestName} failed after {maxRetries} retries (last status: {(call.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no response")}).",
                call.Status,
                transient: true,
                call.TransportError);
        }

        var delay = backoff.DelayBefore(retry);
        ElasticsearchStoreLog.RequestRetrying(logger, requestName, call.Status, retry + 1, maxRetries, delay.TotalMilliseconds);
        await Task.Delay(delay, timeProvider, cancellationToken);
    }

    public async Task WaitBeforeItemRetryAsync(int items, int retry, CancellationToken cancellationToken)
    {
        var delay = backoff.DelayBefore(retry);
        ElasticsearchStoreLog.ItemsRetrying(logger, items, retry + 1, maxRetries, delay.TotalMilliseconds);
        await Task.Delay(delay, timeProvider, cancellationToken);
    }

    public static ElasticsearchStoreException Refused(ElasticsearchCall call, string requestName) =>
        new($"Elasticsearch refused {requestName} with status {call.Status} ({ErrorType(call.Body)}).", call.Status, transient: false);

    /// <summary>The <c>error.type</c> of an error body: a fixed identifier, safe to log and to put in messages.</summary>
    public static string ErrorType(string body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == System.Text.Json.JsonValueKind.Object
                && error.TryGetProperty("type", out var type)
                ? type.GetString() ?? "unknown"
                : "unknown";
        }
        catch (System.Text.Json.JsonException)
        {
            return "unreadable response";
        }
    }
}
