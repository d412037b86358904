using Llama3Siem.Sinks.Sqlite;
using Microsoft.Data.Sqlite;

namespace Llama3Siem.Sinks.Reports;

/// <summary>
/// Reports in a SQLite file of their own (table <c>reports</c>), so that the report store works whichever
/// incident store is configured and its schema never has to be migrated together with the incidents'.
/// </summary>
/// <remarks>
/// Several workers may share the file (WAL, busy timeout): an upsert is one statement keyed by the report
/// id, so two workers that produce the same window end with one row, the later one's.
/// </remarks>
public sealed class SqliteReportStore : IReportStore
{
    /// <summary>The largest page <see cref="ListAsync"/> returns.</summary>
    public const int MaxLimit = 1000;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS reports (
            id               TEXT    NOT NULL PRIMARY KEY,
            schedule         TEXT    NOT NULL,
            window_from      INTEGER NOT NULL,
            window_to        INTEGER NOT NULL,
            created_at       INTEGER NOT NULL,
            audience         TEXT    NOT NULL,
            incidents        INTEGER NOT NULL,
            narrative_status TEXT    NOT NULL,
            document         TEXT    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_reports_window_to ON reports (window_to, id);
        CREATE TABLE IF NOT EXISTS report_claims (
            id         TEXT    NOT NULL PRIMARY KEY,
            owner      TEXT    NOT NULL,
            claimed_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        );
        """;

    private const string Columns = "id, schedule, window_from, window_to, created_at, audience, incidents, narrative_status";

    private readonly string _connectionString;

    public SqliteReportStore(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The report store needs a file path (Reports:StorePath).", nameof(path));
        }

        DatabasePath = Path.GetFullPath(path);
        _connectionString = SqliteFile.ConnectionString(DatabasePath);
    }

    public string DatabasePath { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        SqliteFile.EnsureFolder(DatabasePath);
        await using var connection = await OpenAsync(cancellationToken);
        await SqliteFile.UseWriteAheadLogAsync(connection, cancellationToken);

        await using var create = connection.CreateCommand();
        create.CommandText = Schema;
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> UpsertAsync(StoredReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Summary;
        if (string.IsNullOrWhiteSpace(s.Id) || s.To <= s.From)
        {
            throw new ArgumentException("A stored report needs an id and a window that ends after it starts.", nameof(report));
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var exists = connection.CreateCommand();
        exists.Transaction = transaction;
        exists.CommandText = "SELECT 1 FROM reports WHERE id = $id";
        exists.Parameters.AddWithValue("$id", s.Id);
        var isNew = await exists.ExecuteScalarAsync(cancellationToken) is null;

        await using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = $"""
            INSERT INTO reports ({Columns}, document)
            VALUES ($id, $schedule, $from, $to, $created, $audience, $incidents, $narrative, $document)
            ON CONFLICT (id) DO UPDATE SET
                schedule = excluded.schedule, window_from = excluded.window_from, window_to = excluded.window_to,
                created_at = excluded.created_at, audience = excluded.audience, incidents = excluded.incidents,
                narrative_status = excluded.narrative_status, document = excluded.document
            """;
        upsert.Parameters.AddWithValue("$id", s.Id);
        upsert.Parameters.AddWithValue("$schedule", s.Schedule);
        upsert.Parameters.AddWithValue("$from", s.From.ToUnixTimeMilliseconds());
        upsert.Parameters.AddWithValue("$to", s.To.ToUnixTimeMilliseconds());
        upsert.Parameters.AddWithValue("$created", s.CreatedAt.ToUnixTimeMilliseconds());
        upsert.Parameters.AddWithValue("$audience", s.Audience);
        upsert.Parameters.AddWithValue("$incidents", s.Incidents);
        upsert.Parameters.AddWithValue("$narrative", s.NarrativeStatus);
        upsert.Parameters.AddWithValue("$document", report.Json);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return isNew;
    }

    public async Task<bool> TryClaimAsync(string id, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        // One immediate transaction: the check and the write happen under SQLite's write lock, so of two
        // workers claiming at once exactly one sees no live claim.
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var claim = connection.CreateCommand();
        claim.Transaction = transaction;
        claim.CommandText = """
            INSERT INTO report_claims (id, owner, claimed_at, expires_at)
            SELECT $id, $owner, $now, $expires
            WHERE NOT EXISTS (SELECT 1 FROM reports WHERE id = $id)
            ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
                WHERE report_claims.expires_at < excluded.claimed_at
            """;
        claim.Parameters.AddWithValue("$id", id);
        claim.Parameters.AddWithValue("$owner", owner);
        claim.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        claim.Parameters.AddWithValue("$expires", (now + lease).ToUnixTimeMilliseconds());
        var claimed = await claim.ExecuteNonQueryAsync(cancellationToken) == 1;
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    public async Task ReleaseClaimAsync(string id, string owner, CancellationToken cancellationToken)
    {
        // The row stays (claims are never deleted); its lease ends when it began, so any later claim takes over.
        await using var connection = await OpenAsync(cancellationToken);
        await using var release = connection.CreateCommand();
        release.CommandText = "UPDATE report_claims SET expires_at = claimed_at WHERE id = $id AND owner = $owner";
        release.Parameters.AddWithValue("$id", id);
        release.Parameters.AddWithValue("$owner", owner);
        await release.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<StoredReport?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns}, document FROM reports WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StoredReport(Summary(reader), reader.GetString(8)) : null;
    }

    public async Task<IReadOnlyList<ReportSummary>> ListAsync(int limit, int offset, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM reports
            WHERE ($from IS NULL OR window_to > $from) AND ($to IS NULL OR window_to <= $to)
            ORDER BY window_to DESC, id
            LIMIT $limit OFFSET $offset
            """;
        command.Parameters.AddWithValue("$from", (object?)from?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$to", (object?)to?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$offset", offset);
        var summaries = new List<ReportSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            summaries.Add(Summary(reader));
        }

        return summaries;
    }

    private static ReportSummary Summary(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        reader.GetString(5),
        reader.GetInt64(6),
        reader.GetString(7));

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        SqliteFile.OpenAsync(_connectionString, cancellationToken);
}
