using System.Globalization;
using System.Diagnostics;
using System.Text;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Sinks.Incidents;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Llama3Siem.Sinks.Sqlite;

/// <summary>
/// The embedded incident store: one SQLite file with the JSON documents, time and severity indices, and an
/// FTS5 index for text search.
/// </summary>
/// <remarks>
/// <para>Durability: WAL journal with <c>synchronous=FULL</c>, so a commit is on disk before
/// <see cref="UpsertAsync"/> returns and the caller may store the source offsets.</para>
/// <para>Concurrency: a pooled connection per operation, so searches run in parallel with each other and,
/// under WAL, with a write. Writes go through one in-process gate: SQLite admits one writer at a time
/// anyway, and queueing on a semaphore is fairer and cheaper than several connections spinning on
/// <c>SQLITE_BUSY</c>. The busy timeout still covers other processes (a command-line reader, a checkpoint).</para>
/// <para>Microsoft.Data.Sqlite executes synchronously under its async API, so an upsert occupies its calling
/// thread for the duration of the commit (one fsync per call): batch incidents rather than upserting one by one.</para>
/// </remarks>
public sealed class SqliteIncidentStore : IIncidentStore, IAsyncDisposable
{
    /// <summary>The largest <see cref="IncidentQuery.Limit"/> a search accepts.</summary>
    public const int MaxLimit = 1000;


    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile bool _initialized;
    private volatile bool _disposed;

    public SqliteIncidentStore(
        SqliteStoreOptions options,
        ILogger<SqliteIncidentStore>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new ArgumentException("The SQLite store needs a file path (Store:Sqlite:Path).", nameof(options));
        }

        DatabasePath = System.IO.Path.GetFullPath(options.Path);
        _connectionString = SqliteFile.ConnectionString(DatabasePath);
        _logger = logger ?? NullLogger<SqliteIncidentStore>.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            SqliteFile.EnsureFolder(DatabasePath);
            await using var connection = await OpenAsync(cancellationToken);
            var mode = await SqliteFile.UseWriteAheadLogAsync(connection, cancellationToken);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                SqliteStoreLog.WalUnavailable(_logger, mode);
            }

            var found = await SqliteSchema.MigrateAsync(connection, cancellationToken);
            if (found != SqliteSchema.CurrentVersion)
            {
                SqliteStoreLog.SchemaMigrated(_logger, found, SqliteSchema.CurrentVersion);
            }

            if (!_initialized)
            {
                SqliteStoreLog.StoreOpened(_logger, DatabasePath, SqliteSchema.CurrentVersion);
            }

            _initialized = true;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<UpsertResult> UpsertAsync(
        IReadOnlyList<EnrichedIncident> incidents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        var rows = IncidentRow.FromBatch(incidents, nameof(incidents));
        ThrowIfNotReady();
        if (rows.Count == 0)
        {
            return UpsertResult.Empty;
        }

        var started = Stopwatch.GetTimestamp();
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            using var commands = new UpsertCommands(connection, transaction);
            var updatedAt = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            int inserted = 0, updated = 0, unchanged = 0;
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (await commands.WriteAsync(row, updatedAt, cancellationToken))
                {
                    case RowOutcome.Inserted: inserted++; break;
                    case RowOutcome.Updated: updated++; break;
                    default: unchanged++; break;
                }
            }

            await transaction.CommitAsync(cancellationToken);
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            SqliteStoreLog.Upserted(_logger, inserted, updated, unchanged, elapsedMs);

            return new UpsertResult(inserted, updated, unchanged);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<EnrichedIncident?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ThrowIfNotReady();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM incidents WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is string document
            ? IncidentJson.Deserialize(document)
            : null;
    }

    public async Task<IReadOnlyList<EnrichedIncident>> SearchAsync(
        IncidentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate(MaxLimit, nameof(query));

        ThrowIfNotReady();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = BuildSearchSql(query, FtsQuery.FromUserText(query.Text), command.Parameters);

        var results = new List<EnrichedIncident>(Math.Min(query.Limit, 64));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(IncidentJson.Deserialize(reader.GetString(0)));
        }

        return results;
    }

    public async Task<IReadOnlySet<string>> FindEnrichedEventsAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        ThrowIfNotReady();
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (eventIds.Count == 0)
        {
            return found;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // One statement for the whole set: the ids travel as one JSON array parameter.
        command.CommandText = "SELECT e.event_id FROM json_each($ids) AS j JOIN incident_events AS e ON e.event_id = j.value";
        command.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(eventIds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    public async Task<IncidentAggregates> AggregateAsync(DateTimeOffset from, DateTimeOffset to, int top, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top, MaxLimit);
        ThrowIfNotReady();
        await using var connection = await OpenAsync(cancellationToken);

        // The window selects documents once; each list is then counted from the JSON with json_each, one
        // count per incident (DISTINCT within a document), like a terms aggregation would.
        const string Window = "SELECT row_key, severity, document FROM incidents WHERE last_seen >= $from AND first_seen < $to";
        var fromMs = from.ToUnixTimeMilliseconds();
        var toMs = to.ToUnixTimeMilliseconds();

        long total = 0, injection = 0;
        var bySeverity = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            // JSON true reads back from json_extract as 1; a document without injection gives NULL, which IS 1 is not.
            command.CommandText = $"SELECT severity, COUNT(*), SUM(json_extract(document, '$.injection.detected') IS 1) FROM ({Window}) GROUP BY severity";
            command.Parameters.AddWithValue("$from", fromMs);
            command.Parameters.AddWithValue("$to", toMs);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                bySeverity[reader.GetString(0)] = reader.GetInt64(1);
                total += reader.GetInt64(1);
                injection += reader.GetInt64(2);
            }
        }

        async Task<IReadOnlyList<TermCount>> TopAsync(string path, string valueExpression, string itemFilter = "1 = 1")
        {
            await using var command = connection.CreateCommand();
            command.CommandText =
                $"""
                SELECT term, COUNT(*) AS incidents FROM (
                    SELECT DISTINCT w.row_key, {valueExpression} AS term
                    FROM ({Window}) AS w, json_each(w.document, '{path}') AS item
                    WHERE {itemFilter}
                ) GROUP BY term ORDER BY incidents DESC, term ASC LIMIT $top
                """;
            command.Parameters.AddWithValue("$from", fromMs);
            command.Parameters.AddWithValue("$to", toMs);
            command.Parameters.AddWithValue("$top", top);
            var terms = new List<TermCount>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                terms.Add(new TermCount(reader.GetString(0), reader.GetInt64(1)));
            }

            return terms;
        }

        return new IncidentAggregates(
            total,
            bySeverity,
            await TopAsync("$.techniques", "json_extract(item.value, '$.id')"),
            // An IOC seen only inside injection text is what the attacker asked us to list: never a top indicator.
            await TopAsync("$.iocs", "json_extract(item.value, '$.type') || ':' || json_extract(item.value, '$.value')", "json_extract(item.value, '$.injected') IS NOT 1"),
            await TopAsync("$.hosts", "item.value"),
            await TopAsync("$.mitigations", "json_extract(item.value, '$.id')"),
            injection);
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        ThrowIfNotReady();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM incidents";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        // Wait for a write in flight to commit, then release the pooled file handles.
        await _writeGate.WaitAsync();
        try
        {
            _disposed = true;
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Only constant SQL fragments are concatenated; every value travels as a parameter, the user's text
    /// included, after <see cref="FtsQuery"/> made it a quoted-term expression.
    /// </summary>
    private static string BuildSearchSql(IncidentQuery query, string? match, SqliteParameterCollection parameters)
    {
        var sql = new StringBuilder();
        if (match is null)
        {
            sql.Append("SELECT i.document FROM incidents AS i WHERE 1 = 1");
        }
        else
        {
            sql.Append("SELECT i.document FROM incidents_fts JOIN incidents AS i ON i.row_key = incidents_fts.rowid")
                .Append(" WHERE incidents_fts MATCH $match");
            parameters.AddWithValue("$match", match);
        }

        if (query.From is { } from)
        {
            sql.Append(" AND i.last_seen >= $from");
            parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        }

        if (query.To is { } to)
        {
            sql.Append(" AND i.first_seen < $to");
            parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        }

        if (query.MinimumSeverity is { } minimum)
        {
            sql.Append(" AND i.severity_rank >= $rank");
            parameters.AddWithValue("$rank", (int)minimum);
        }

        // Exact matches inside the document's lists, as keyword term filters are on Elasticsearch.
        AddListFilter(query.Technique, "$.techniques", "json_extract(item.value, '$.id')", "$technique");
        AddListFilter(query.IocValue, "$.iocs", "json_extract(item.value, '$.value')", "$ioc");
        AddListFilter(query.Host, "$.hosts", "item.value", "$host");
        AddListFilter(query.User, "$.users", "item.value", "$user");

        void AddListFilter(string? value, string path, string itemValue, string parameter)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                sql.Append(CultureInfo.InvariantCulture, $" AND EXISTS (SELECT 1 FROM json_each(i.document, '{path}') AS item WHERE {itemValue} = {parameter})");
                parameters.AddWithValue(parameter, value.Trim());
            }
        }

        sql.Append(match is null
            ? " ORDER BY i.last_seen DESC, i.id"
            : " ORDER BY bm25(incidents_fts), i.last_seen DESC, i.id");
        sql.Append(" LIMIT $limit OFFSET $offset");
        parameters.AddWithValue("$limit", query.Limit);
        parameters.AddWithValue("$offset", query.Offset);
        return sql.ToString();
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        SqliteFile.OpenAsync(_connectionString, cancellationToken, foreignKeys: true);

    private void ThrowIfNotReady()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialized)
        {
            throw new InvalidOperationException(
                $"{nameof(SqliteIncidentStore)}.{nameof(InitializeAsync)} must complete before the store is used.");
        }
    }
}
