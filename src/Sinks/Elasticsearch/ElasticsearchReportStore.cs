using System.Globalization;
using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Llama3Siem.Sinks.Reports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TransportMethod = Elastic.Transport.HttpMethod;

namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>
/// Threat reports in Elasticsearch 9, next to the incidents: the index <c>{prefix}-reports-v1</c> behind the
/// alias <c>{prefix}-reports</c> (document <c>_id</c> = report id, so producing a window again replaces it), and
/// production claims in <c>{prefix}-report-claims</c>. Index templates are installed at start-up as for the
/// incident store. See docs/elasticsearch.md.
/// </summary>
/// <remarks>
/// <para>Claims let exactly one of several workers, each with its own (non-clustered) Quartz job store, produce a
/// window: the claim is created with <c>op_type=create</c>, which Elasticsearch refuses with 409 when it exists; an
/// expired claim is taken over only by an index conditioned on the <c>_seq_no</c>/<c>_primary_term</c> that was
/// read, so of several workers taking it over at once exactly one succeeds. A stored report means no claim.</para>
/// <para>Report writes use <c>refresh=wait_for</c> (reports are rare), so a stored report is listed as soon as
/// <see cref="UpsertAsync"/> returns. Requests answered 429, 5xx or not at all are retried with backoff as in the
/// incident store; errors name the request and status, never report content.</para>
/// </remarks>
public sealed class ElasticsearchReportStore : IReportStore, IAsyncDisposable, IDisposable
{
    /// <summary>The largest page <see cref="ListAsync"/> returns (as the SQLite store).</summary>
    public const int MaxLimit = SqliteReportStore.MaxLimit;

    private readonly ElasticsearchConnection _connection;
    private readonly ILogger _logger;
    private readonly ReportIndexNames _names;
    private volatile bool _initialized;

    public ElasticsearchReportStore(
        ElasticsearchStoreOptions options,
        ILogger<ElasticsearchReportStore>? logger = null,
        TimeProvider? timeProvider = null)
        : this(options, settings: null, logger, timeProvider)
    {
    }

    /// <summary>For tests: the client's settings (nodes, request invoker) may come from the caller, who then disposes them.</summary>
    internal ElasticsearchReportStore(
        ElasticsearchStoreOptions options,
        ElasticsearchClientSettings? settings,
        ILogger? logger = null,
        TimeProvider? timeProvider = null,
        Func<double>? random = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _connection = new ElasticsearchConnection(options, settings, _logger, timeProvider, random);
        _names = new ReportIndexNames(options.IndexPrefix);
    }

    /// <summary>The one client of this store (thread-safe).</summary>
    public ElasticsearchClient Client => _connection.Client;

    /// <summary>The alias reports are read and written through.</summary>
    public string Alias => _names.Alias;

    /// <summary>The alias claims are read and written through.</summary>
    public string ClaimsAlias => _names.ClaimsAlias;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_connection.IsDisposed, this);

        // Every scheduled job calls this first; once set up, this instance need not ask the cluster again.
        if (_initialized)
        {
            return;
        }

        await _connection.Setup.EnsureIndexTemplateAsync(_names.IndexTemplate, ReportTemplates.Reports(_names), cancellationToken);
        await _connection.Setup.EnsureIndexTemplateAsync(_names.ClaimsIndexTemplate, ReportTemplates.Claims(_names), cancellationToken);
        await _connection.Setup.EnsureIndexAsync(_names.Index, _names.Alias, cancellationToken);
        await _connection.Setup.EnsureIndexAsync(_names.ClaimsIndex, _names.ClaimsAlias, cancellationToken);
        _initialized = true;
    }

    public async Task<bool> TryClaimAsync(string id, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ThrowIfNotReady();
        if (await ReportExistsAsync(id, cancellationToken))
        {
            return false;
        }

        var claim = new ReportClaim(owner, Guid.NewGuid().ToString("N"), now, now + lease);
        var body = claim.ToSource().ToJsonString();
        var created = await _connection.Requests.SendAsync(TransportMethod.PUT, $"/{_names.ClaimsAlias}/_create/{Escape(id)}", body, "create report claim", cancellationToken);
        if (created.Succeeded)
        {
            return true;
        }

        if (created.Status != 409)
        {
            throw ElasticsearchRequests.Refused(created, "create report claim");
        }

        var held = await ReadClaimAsync(id, cancellationToken);
        if (held is null)
        {
            // The store never deletes claims: someone cleared them meanwhile. Leave this fire to another worker.
            return false;
        }

        if (IsThisAttempt(held, claim))
        {
            // The first answer to the create was lost and its retry found the claim this call wrote.
            return true;
        }

        // The holder may have stored the report since it was looked for above: check again before taking over.
        if (!held.Claim.ExpiredAt(now) || await ReportExistsAsync(id, cancellationToken))
        {
            return false;
        }

        var path = string.Create(
            CultureInfo.InvariantCulture,
            $"/{_names.ClaimsAlias}/_doc/{Escape(id)}?if_seq_no={held.SeqNo}&if_primary_term={held.PrimaryTerm}");
        var takenOver = await _connection.Requests.SendAsync(TransportMethod.PUT, path, body, "take over report claim", cancellationToken);
        if (takenOver.Succeeded)
        {
            ElasticsearchReportStoreLog.ClaimTakenOver(_logger, id, held.Claim.Owner, owner);
            return true;
        }

        if (takenOver.Status != 409)
        {
            throw ElasticsearchRequests.Refused(takenOver, "take over report claim");
        }

        // Another worker took it over between the read and the write, unless the conflict is this call's own
        // write answered late and retried.
        return await ReadClaimAsync(id, cancellationToken) is { } latest && IsThisAttempt(latest, claim);
    }

    public async Task ReleaseClaimAsync(string id, string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ThrowIfNotReady();
        if (await ReadClaimAsync(id, cancellationToken) is not { } held || held.Claim.Owner != owner)
        {
            return;
        }

        // The document stays (claims are never deleted); its lease ends when it began, so any later claim takes
        // over. Conditional on the claim read: a conflict means another worker has taken it over meanwhile.
        var released = held.Claim with { ExpiresAt = held.Claim.ClaimedAt };
        var path = string.Create(
            CultureInfo.InvariantCulture,
            $"/{_names.ClaimsAlias}/_doc/{Escape(id)}?if_seq_no={held.SeqNo}&if_primary_term={held.PrimaryTerm}");
        var answer = await _connection.Requests.SendAsync(TransportMethod.PUT, path, released.ToSource().ToJsonString(), "release report claim", cancellationToken);
        if (!answer.Succeeded && answer.Status != 409)
        {
            throw ElasticsearchRequests.Refused(answer, "release report claim");
        }
    }

    public async Task<bool> UpsertAsync(StoredReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Summary;
        if (string.IsNullOrWhiteSpace(s.Id) || s.To <= s.From)
        {
            throw new ArgumentException("A stored report needs an id and a window that ends after it starts.", nameof(report));
        }

        ThrowIfNotReady();
        var call = await _connection.Requests.SendAsync(
            TransportMethod.PUT,
            $"/{_names.Alias}/_doc/{Escape(s.Id)}?refresh=wait_for",
            ReportDocument.ToSource(report).ToJsonString(),
            "store report",
            cancellationToken);
        if (!call.Succeeded)
        {
            throw ElasticsearchRequests.Refused(call, "store report");
        }

        using var answer = call.ParseBody("store report");
        var isNew = answer.RootElement.TryGetProperty("result", out var result)
            && string.Equals(result.GetString(), "created", StringComparison.Ordinal);
        ElasticsearchReportStoreLog.Stored(_logger, s.Id, isNew);
        return isNew;
    }

    public async Task<StoredReport?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ThrowIfNotReady();
        using var document = await GetDocumentAsync(_names.Alias, id, null, "get report", cancellationToken);
        return document is not null ? ReportDocument.FromSource(document.RootElement.GetProperty("_source")) : null;
    }

    public async Task<IReadOnlyList<ReportSummary>> ListAsync(int limit, int offset, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, ElasticsearchIncidentStore.MaxResultWindow - limit);
        ThrowIfNotReady();

        var body = ReportDocument.ListBody(limit, offset, from, to).ToJsonString();
        var call = await _connection.Requests.SendAsync(TransportMethod.POST, $"/{_names.Alias}/_search", body, "list reports", cancellationToken);
        if (!call.Succeeded)
        {
            throw ElasticsearchRequests.Refused(call, "list reports");
        }

        using var document = call.ParseBody("list reports");
        var summaries = new List<ReportSummary>();
        foreach (var hit in document.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray())
        {
            summaries.Add(ReportDocument.Summary(hit.GetProperty("_source")));
        }

        return summaries;
    }

    public void Dispose() => _connection.Dispose();

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool IsThisAttempt(HeldReportClaim held, ReportClaim claim) =>
        string.Equals(held.Claim.Attempt, claim.Attempt, StringComparison.Ordinal);

    private async Task<bool> ReportExistsAsync(string id, CancellationToken cancellationToken)
    {
        using var document = await GetDocumentAsync(_names.Alias, id, "_source=false", "look up report", cancellationToken);
        return document is not null;
    }

    private async Task<HeldReportClaim?> ReadClaimAsync(string id, CancellationToken cancellationToken)
    {
        using var document = await GetDocumentAsync(_names.ClaimsAlias, id, null, "read report claim", cancellationToken);
        if (document is null)
        {
            return null;
        }

        var root = document.RootElement;
        return new HeldReportClaim(
            ReportClaim.FromSource(root.GetProperty("_source")),
            root.GetProperty("_seq_no").GetInt64(),
            root.GetProperty("_primary_term").GetInt64());
    }

    /// <summary>The GET answer of a document that exists, or null (404 / <c>found: false</c>).</summary>
    private async Task<JsonDocument?> GetDocumentAsync(string alias, string id, string? query, string requestName, CancellationToken cancellationToken)
    {
        var path = $"/{alias}/_doc/{Escape(id)}" + (query is null ? string.Empty : "?" + query);
        var call = await _connection.Requests.SendAsync(TransportMethod.GET, path, null, requestName, cancellationToken);
        if (call.Status == 404)
        {
            return null;
        }

        if (!call.Succeeded)
        {
            throw ElasticsearchRequests.Refused(call, requestName);
        }

        var document = call.ParseBody(requestName);
        if (document.RootElement.TryGetProperty("found", out var found) && found.GetBoolean())
        {
            return document;
        }

        document.Dispose();
        return null;
    }

    private static string Escape(string id) => Uri.EscapeDataString(id);

    private void ThrowIfNotReady() => _connection.ThrowIfNotReady(_initialized, this);
}
