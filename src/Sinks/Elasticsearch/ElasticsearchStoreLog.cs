using Microsoft.Extensions.Logging;

namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>The store's log lines: names, counts, statuses and error types, never incident content.</summary>
internal static partial class ElasticsearchStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Installed Elasticsearch template {Template} version {Version}")]
    public static partial void TemplateInstalled(ILogger logger, string template, long version);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Created Elasticsearch index {Index} behind alias {Alias}")]
    public static partial void IndexCreated(ILogger logger, string index, string alias);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Elasticsearch {Request} failed with status {Status}; retry {Retry} of {MaxRetries} in {DelayMs:F0} ms")]
    public static partial void RequestRetrying(ILogger logger, string request, int? status, int retry, int maxRetries, double delayMs);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "Elasticsearch bulk: {Count} item(s) answered 429/5xx; retry {Retry} of {MaxRetries} in {DelayMs:F0} ms")]
    public static partial void ItemsRetrying(ILogger logger, int count, int retry, int maxRetries, double delayMs);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
        Message = "Elasticsearch refused incident {IncidentId} for good ({ErrorType}); it goes to the dead letters")]
    public static partial void ItemRejected(ILogger logger, string incidentId, string errorType);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug,
        Message = "Upserted incidents: {Inserted} inserted, {Updated} updated, {Rejected} rejected in {Requests} bulk request(s), {ElapsedMs:F1} ms")]
    public static partial void Upserted(ILogger logger, int inserted, int updated, int rejected, int requests, double elapsedMs);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Added the new fields of the mappings template to the indices behind alias {Alias}")]
    public static partial void MappingUpdated(ILogger logger, string alias);
}
