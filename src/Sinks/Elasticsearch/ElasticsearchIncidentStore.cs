using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Sinks.Incidents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TransportMethod = Elastic.Transport.HttpMethod;

namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>
/// Incidents in Elasticsearch 9: one index per mapping generation behind an alias, shaped by component and
/// composable templates installed at start-up, written with bulk <c>index</c> operations whose <c>_id</c> is the
/// incident id (a replay overwrites). See docs/elasticsearch.md.
/// </summary>
/// <remarks>
/// <para>Acknowledgement: <see cref="UpsertAsync"/> returns only when every document was written or refused for
/// good (<see cref="UpsertResult.Rejected"/>). Items answered 429 or 5xx, and whole requests answered 429, 5xx or
/// not at all, are retried with exponential backoff and jitter; when the retries run out it throws
/// <see cref="ElasticsearchStoreException"/> and the caller acknowledges nothing, so the pipeline pauses rather
/// than drops. Writes are idempotent, so a batch partly written before a failure is simply written again.</para>
/// <para><see cref="UpsertResult.Unchanged"/> is always 0: an <c>index</c> operation replaces the document even
/// when its content is the same (Elasticsearch reports <c>updated</c>).</para>
/// <para>Writes are durable when acknowledged (the translog is fsynced per request by default) but visible to
/// searches only after the next refresh (<c>refresh_interval</c>, 5 s in the template); reads by id see them at once.</para>
/// </remarks>
public sealed class ElasticsearchIncidentStore : IIncidentStore, IAsyncDisposable
{
    /// <summary>The largest <see cref="IncidentQuery.Limit"/> a search accepts (as the SQLite store).</summary>
    public const int MaxLimit = 1000;

    /// <summary>Elasticsearch's default <c>index.max_result_window</c>: from + size may not pass it.</summary>
    public const int MaxResultWindow = 10_000;

    private const int EventLookupChunk = 1000;

    private readonly ElasticsearchStoreOptions _options;
    private readonly ElasticsearchConnection _connection;
    private readonly ILogger _logger;
    private readonly IncidentIndexNames _names;
    private volatile bool _initialized;

    public ElasticsearchIncidentStore(
        ElasticsearchStoreOptions options,
        ILogger<ElasticsearchIncidentStore>? logger = null,
        TimeProvider? timeProvider = null)
        : this(options, settings: null, logger, timeProvider)
    {
    }

    /// <summary>For tests: the client's settings (nodes, request invoker) may come from the caller, who then disposes them.</summary>
    internal ElasticsearchIncidentStore(
        ElasticsearchStoreOptions options,
        ElasticsearchClientSettings? settings,
        ILogger? logger = null,
        TimeProvider? timeProvider = null,
        Func<double>? random = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _connection = new ElasticsearchConnection(options, settings, _logger, timeProvider, random);
        _options = options;
        _names = new IncidentIndexNames(options.IndexPrefix);
    }

    /// <summary>The one client of this store (thread-safe; share it rather than making another).</summary>
    public ElasticsearchClient Client => _connection.Client;

    /// <summary>The alias every read and write goes through.</summary>
    public string Alias => _names.Alias;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_connection.IsDisposed, this);
        var mappings = IncidentTemplates.Mappings();
        await _connection.Setup.EnsureComponentTemplateAsync(_names.SettingsTemplate, IncidentTemplates.Settings(), cancellationToken);
        var newMappings = await _connection.Setup.EnsureComponentTemplateAsync(_names.MappingsTemplate, mappings, cancellationToken);
        await _connection.Setup.EnsureIndexTemplateAsync(_names.IndexTemplate, IncidentTemplates.IndexTemplate(_names), cancellationToken);
        var created = await _connection.Setup.EnsureIndexAsync(_names.Index, _names.Alias, cancellationToken);
        if (newMappings && !created)
        {
            // The index predates this mapping version; new fields (injection, iocs.injected, rules) must reach it
            // before a document carrying them is refused as strict_dynamic_mapping_exception.
            await _connection.Setup.PutMappingAsync(_names.Alias, mappings["template"]!["mappings"]!.AsObject(), cancellationToken);
        }

        _initialized = true;
    }

    public async Task<UpsertResult> UpsertAsync(IReadOnlyList<EnrichedIncident> incidents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        var documents = ToBulkDocuments(incidents, nameof(incidents));
        ThrowIfNotReady();
        if (documents.Count == 0)
        {
            return UpsertResult.Empty;
        }

        var started = Stopwatch.GetTimestamp();
        var total = UpsertResult.Empty;
        var requests = 0;
        foreach (var batch in BulkDocument.Batches(documents, _options.BulkMaxDocuments, _options.BulkMaxBytes))
        {
            var (result, sent) = await WriteBatchAsync(batch, cancellationToken);
            total = total.Add(result);
            requests += sent;
        }

        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        ElasticsearchStoreLog.Upserted(_logger, total.Inserted, total.Updated, total.Rejected.Count, requests, elapsedMs);
        return total;
    }

    public async Task<EnrichedIncident?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ThrowIfNotReady();
        var path = $"/{_names.Alias}/_doc/{Uri.EscapeDataString(id)}?_source_includes={IncidentDocument.DocumentField}";
        var call = await _connection.Requests.SendAsync(TransportMethod.GET, path, null, "get incident", cancellationToken);
        if (call.Status == 404)
        {
            return null;
        }

        if (!call.Succeeded)
        {
            throw ElasticsearchRequests.Refused(call, "get incident");
        }

        using var document = call.ParseBody("get incident");
        return document.RootElement.TryGetProperty("found", out var found) && found.GetBoolean()
            ? IncidentDocument.FromSource(document.RootElement.GetProperty("_source"))
            : null;
    }

    public async Task<IReadOnlyList<EnrichedIncident>> SearchAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate(MaxLimit, nameof(query));

        if (query.Offset > MaxResultWindow - query.Limit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Offset,
                $"{nameof(IncidentQuery.Offset)} + {nameof(IncidentQuery.Limit)} must not pass {MaxResultWindow} on Elasticsearch.");
        }

        ThrowIfNotReady();
        using var hits = await SearchHitsAsync(IncidentSearchBody.Search(query), "search incidents", cancellationToken);
        var results = new List<EnrichedIncident>();
        foreach (var hit in Hits(hits.RootElement))
        {
            results.Add(IncidentDocument.FromSource(hit.GetProperty("_source")));
        }

        return results;
    }

    public async Task<IncidentAggregates> AggregateAsync(DateTimeOffset from, DateTimeOffset to, int top, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top, MaxLimit);
        ThrowIfNotReady();
        using var response = await SearchHitsAsync(IncidentSearchBody.Aggregations(from, to, top), "aggregate incidents", cancellationToken);
        var root = response.RootElement;
        var aggregations = root.GetProperty("aggregations");

        static List<TermCount> Buckets(JsonElement aggregation, Func<JsonElement, string> key) =>
            aggregation.GetProperty("buckets").EnumerateArray()
                .Select(b => new TermCount(key(b), b.GetProperty("doc_count").GetInt64()))
                .ToList();

        static string Key(JsonElement bucket) => bucket.GetProperty("key").GetString()!;

        return new IncidentAggregates(
            root.GetProperty("hits").GetProperty("total").GetProperty("value").GetInt64(),
            Buckets(aggregations.GetProperty("severity"), Key).ToDictionary(t => t.Value, t => t.Count, StringComparer.Ordinal),
            Buckets(aggregations.GetProperty("techniques"), Key),
            Buckets(
                aggregations.GetProperty("iocs").GetProperty(IncidentSearchBody.EvidenceIocs).GetProperty("top"),
                b => string.Join(':', b.GetProperty("key").EnumerateArray().Select(k => k.GetString()))),
            Buckets(aggregations.GetProperty("hosts"), Key),
            Buckets(aggregations.GetProperty("mitigations").GetProperty("top"), Key),
            aggregations.GetProperty(IncidentSearchBody.InjectionIncidents).GetProperty("doc_count").GetInt64());
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        ThrowIfNotReady();
        var call = await _connection.Requests.SendAsync(TransportMethod.GET, $"/{_names.Alias}/_count", null, "count incidents", cancellationToken);
        if (!call.Succeeded)
        {
            throw ElasticsearchRequests.Refused(call, "count incidents");
        }

        using var document = call.ParseBody("count incidents");
        return document.RootElement.GetProperty("count").GetInt64();
    }

    public async Task<IReadOnlySet<string>> FindEnrichedEventsAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        ThrowIfNotReady();
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in eventIds.Distinct(StringComparer.Ordinal).Chunk(EventLookupChunk))
        {
            var wanted = new HashSet<string>(chunk, StringComparer.Ordinal);

            // An event can belong to more than one incident, so a page can fill up before every id is seen.
            for (var from = 0; from < MaxResultWindow && wanted.Count > 0; from += EventLookupChunk)
            {
                using var hits = await SearchHitsAsync(
                    IncidentSearchBody.EnrichedEvents([.. wanted], from, EventLookupChunk), "find enriched events", cancellationToken);
                var page = 0;
                foreach (var hit in Hits(hits.RootElement))
                {
                    page++;
                    if (hit.GetProperty("_source").TryGetProperty("llama3siem", out var ours)
                        && ours.TryGetProperty("events", out var events))
                    {
                        foreach (var eventId in events.EnumerateArray())
                        {
                            if (eventId.GetString() is { } value && wanted.Remove(value))
                            {
                                found.Add(value);
                            }
                        }
                    }
                }

                if (page < EventLookupChunk)
                {
                    break;
                }
            }
        }

        return found;
    }

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<(UpsertResult Result, int Requests)> WriteBatchAsync(IReadOnlyList<BulkDocument> batch, CancellationToken cancellationToken)
    {
        int inserted = 0, updated = 0, requests = 0;
        var rejected = new List<RejectedIncident>();
        var pending = batch;
        for (var retry = 0; ; retry++)
        {
            requests++;
            var call = await _connection.Requests.SendOnceAsync(TransportMethod.POST, "/_bulk", BulkDocument.Body(pending), ndjson: true, cancellationToken);
            if (call.IsTransient)
            {
                await _connection.Requests.WaitBeforeRetryAsync(call, "bulk", retry, cancellationToken);
                continue;
            }

            if (!call.Succeeded)
            {
                throw ElasticsearchRequests.Refused(call, "bulk");
            }

            var items = BulkItemResult.Parse(call, pending.Count);
            var again = new List<BulkDocument>();
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (item.Written)
                {
                    if (string.Equals(item.Result, "created", StringComparison.Ordinal))
                    {
                        inserted++;
                    }
                    else
                    {
                        updated++;
                    }
                }
                else if (item.Transient)
                {
                    again.Add(pending[i]);
                }
                else
                {
                    ElasticsearchStoreLog.ItemRejected(_logger, pending[i].Id, item.ErrorType ?? "unknown");
                    rejected.Add(new RejectedIncident(pending[i].Id, Reason(item)));
                }
            }

            if (again.Count == 0)
            {
                var result = new UpsertResult(inserted, updated, 0) { Rejected = rejected.Count == 0 ? Array.Empty<RejectedIncident>() : rejected };
                return (result, requests);
            }

            if (retry >= _connection.Requests.MaxRetries)
            {
                throw new ElasticsearchStoreException(
                    $"Elasticsearch bulk: {again.Count} item(s) still answered 429/5xx after {_connection.Requests.MaxRetries} retries.",
                    items.First(item => item.Transient).Status,
                    transient: true);
            }

            await _connection.Requests.WaitBeforeItemRetryAsync(again.Count, retry, cancellationToken);
            pending = again;
        }
    }

    /// <summary>
    /// Elasticsearch's reason can quote a field's value (a mapping error previews it); it goes only to the dead
    /// letters, which hold the whole document anyway, and is capped so that one reason stays one line.
    /// </summary>
    private static string Reason(BulkItemResult item)
    {
        var reason = $"{item.ErrorType ?? "unknown"} (status {item.Status}): {item.ErrorReason}";
        return reason.Length <= 1000 ? reason : reason[..1000];
    }

    private List<BulkDocument> ToBulkDocuments(IReadOnlyList<EnrichedIncident> incidents, string parameterName)
    {
        // As the SQLite store: an id given twice keeps its last document, at its first position.
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var documents = new List<BulkDocument>(incidents.Count);
        for (var index = 0; index < incidents.Count; index++)
        {
            var incident = incidents[index] ?? throw new ArgumentException($"Incident {index} is null.", parameterName);
            if (string.IsNullOrWhiteSpace(incident.Id))
            {
                throw new ArgumentException($"Incident {index} has no id.", parameterName);
            }

            if (!SeverityNames.TryParse(incident.Severity, out var severity))
            {
                throw new ArgumentException(
                    $"Incident {index} has a severity that is not one of low, medium, high or critical.", parameterName);
            }

            var document = new BulkDocument(_names.Alias, incident.Id, IncidentDocument.ToSource(incident, severity));
            if (positions.TryGetValue(incident.Id, out var position))
            {
                documents[position] = document;
            }
            else
            {
                positions.Add(incident.Id, documents.Count);
                documents.Add(document);
            }
        }

        return documents;
    }

    private async Task<JsonDocument> SearchHitsAsync(JsonObject body, string requestName, CancellationToken cancellationToken)
    {
        var call = await _connection.Requests.SendAsync(TransportMethod.POST, $"/{_names.Alias}/_search", body.ToJsonString(), requestName, cancellationToken);
        if (!call.Succeeded)
        {
            throw ElasticsearchRequests.Refused(call, requestName);
        }

        return call.ParseBody(requestName);
    }

    private static IEnumerable<JsonElement> Hits(JsonElement response) =>
        response.TryGetProperty("hits", out var outer) && outer.TryGetProperty("hits", out var inner)
            ? inner.EnumerateArray()
            : [];

    private void ThrowIfNotReady() => _connection.ThrowIfNotReady(_initialized, this);
}
