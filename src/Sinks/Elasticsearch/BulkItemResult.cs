using System.Text.Json;

namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>What Elasticsearch did with one item of a bulk request.</summary>
internal sealed record BulkItemResult(int Status, string? Result, string? ErrorType, string? ErrorReason)
{
    public bool Written => Status is >= 200 and < 300;

    public bool Transient => ElasticsearchCall.IsTransientStatus(Status);

    /// <summary>
    /// The items of a bulk response, in request order. A 200 response can hold failed items, so every item is
    /// read whatever <c>errors</c> says; a response with a different item count is a protocol error.
    /// </summary>
    public static IReadOnlyList<BulkItemResult> Parse(ElasticsearchCall call, int expected)
    {
        using var document = call.ParseBody("bulk");
        if (!document.RootElement.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new ElasticsearchStoreException("An Elasticsearch bulk response has no items.", 200, transient: true);
        }

        var results = new List<BulkItemResult>(expected);
        foreach (var item in items.EnumerateArray())
        {
            // Each item is keyed by its action ("index" here).
            var action = item.EnumerateObject().First().Value;
            var status = action.TryGetProperty("status", out var s) ? s.GetInt32() : 0;
            var result = action.TryGetProperty("result", out var r) ? r.GetString() : null;
            string? errorType = null, errorReason = null;
            if (action.TryGetProperty("error", out var error))
            {
                errorType = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("type", out var t) ? t.GetString() : "unknown";
                errorReason = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("reason", out var why) ? why.GetString() : error.ToString();
            }

            results.Add(new BulkItemResult(status, result, errorType, errorReason));
        }

        if (results.Count != expected)
        {
            throw new ElasticsearchStoreException(
                $"An Elasticsearch bulk response has {results.Count} items for {expected} documents.", 200, transient: true);
        }

        return results;
    }
}
