using Microsoft.Data.Sqlite;

namespace Llama3Siem.Sinks.Sqlite;

/// <summary>
/// The store's schema as an ordered list of migrations; <c>PRAGMA user_version</c> records how many have
/// run. A later version appends a step (for example <c>ALTER TABLE incidents ADD COLUMN ...</c>) and never
/// edits an earlier one, so every existing file can be brought forward.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>
    /// Separates list items (IOC values, hosts, techniques) in the full-text columns. It is a private-use
    /// character, which the unicode61 tokenizer indexes as a token of its own, so a phrase query cannot run
    /// across two items: <c>"2.3.4.5"</c> does not match the neighbours <c>10.1.2.3</c> and <c>4.5.6.7</c>.
    /// </summary>
    public const char ItemSeparator = '\uE000';

    private static readonly string[] Migrations =
    [
        // 1: incidents, their time and severity indices, and the full-text index.
        // row_key is an explicit INTEGER PRIMARY KEY because VACUUM may renumber implicit rowids, and the
        // full-text rows are keyed by it; the incident id is the UNIQUE business key.
        // The full-text table is contentless (the text already lives in the JSON document) with
        // contentless_delete so that a replaced incident's old terms can be deleted by rowid alone.
        """
        CREATE TABLE incidents (
            row_key       INTEGER PRIMARY KEY,
            id            TEXT    NOT NULL UNIQUE,
            first_seen    INTEGER NOT NULL,
            last_seen     INTEGER NOT NULL,
            severity      TEXT    NOT NULL,
            severity_rank INTEGER NOT NULL,
            content_hash  TEXT    NOT NULL,
            document      TEXT    NOT NULL,
            updated_at    INTEGER NOT NULL
        );
        CREATE INDEX ix_incidents_first_seen ON incidents (first_seen);
        CREATE INDEX ix_incidents_last_seen ON incidents (last_seen);
        CREATE INDEX ix_incidents_severity_rank ON incidents (severity_rank, last_seen);
        CREATE VIRTUAL TABLE incidents_fts USING fts5 (
            summary, narrative, iocs, techniques, mitigations, hosts, users, addresses,
            content = '',
            contentless_delete = 1,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        """,

        // 2: which incident holds each event, so a source that redelivers events (Kafka after a crash or a
        // rebalance) can tell which of them are already enriched. Existing documents are indexed on the way.
        """
        CREATE TABLE incident_events (
            event_id     TEXT    NOT NULL PRIMARY KEY,
            incident_row INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX ix_incident_events_row ON incident_events (incident_row);
        INSERT OR REPLACE INTO incident_events (event_id, incident_row)
            SELECT events.value, incidents.row_key FROM incidents, json_each(incidents.document, '$.events') AS events;
        """,
    ];

    public static int CurrentVersion => Migrations.Length;

    /// <summary>
    /// Runs the migrations the file has not seen, all in one immediate transaction, so that two processes
    /// opening the same new file cannot both create the tables. Returns the version found before.
    /// </summary>
    public static async Task<int> MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var found = await ReadVersionAsync(connection, transaction, cancellationToken);
        if (found > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The incident database has schema version {found}; this build knows versions up to {CurrentVersion}.");
        }

        for (var version = found; version < CurrentVersion; version++)
        {
            await using var step = connection.CreateCommand();
            step.Transaction = transaction;
            step.CommandText = Migrations[version];
            await step.ExecuteNonQueryAsync(cancellationToken);
        }

        if (found != CurrentVersion)
        {
            await using var stamp = connection.CreateCommand();
            stamp.Transaction = transaction;
            // PRAGMA takes no parameters; the value is our own integer constant.
            stamp.CommandText = $"PRAGMA user_version = {CurrentVersion}";
            await stamp.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return found;
    }

    private static async Task<int> ReadVersionAsync(
        SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
    }
}
