using Microsoft.Data.Sqlite;

namespace Llama3Siem.Sinks.Sqlite;

/// <summary>
/// The statements of one upsert transaction, prepared once and re-bound per incident. The incident row and
/// its full-text row change together, inside the caller's transaction, so the index never disagrees with
/// the documents.
/// </summary>
internal sealed class UpsertCommands : IDisposable
{
    private readonly SqliteCommand _find;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _deleteText;
    private readonly SqliteCommand _insertText;
    private readonly SqliteCommand _deleteEvents;
    private readonly SqliteCommand _insertEvent;

    public UpsertCommands(SqliteConnection connection, SqliteTransaction transaction)
    {
        _find = Create(connection, transaction,
            "SELECT row_key, content_hash FROM incidents WHERE id = $id",
            "$id");
        _insert = Create(connection, transaction,
            """
            INSERT INTO incidents
                (id, first_seen, last_seen, severity, severity_rank, content_hash, document, updated_at)
            VALUES
                ($id, $first_seen, $last_seen, $severity, $severity_rank, $content_hash, $document, $updated_at)
            RETURNING row_key
            """,
            "$id", "$first_seen", "$last_seen", "$severity", "$severity_rank", "$content_hash", "$document",
            "$updated_at");
        _update = Create(connection, transaction,
            """
            UPDATE incidents SET
                first_seen = $first_seen, last_seen = $last_seen, severity = $severity,
                severity_rank = $severity_rank, content_hash = $content_hash, document = $document,
                updated_at = $updated_at
            WHERE row_key = $row_key
            """,
            "$row_key", "$first_seen", "$last_seen", "$severity", "$severity_rank", "$content_hash", "$document",
            "$updated_at");
        _deleteText = Create(connection, transaction,
            "DELETE FROM incidents_fts WHERE rowid = $row_key",
            "$row_key");
        _insertText = Create(connection, transaction,
            """
            INSERT INTO incidents_fts
                (rowid, summary, narrative, iocs, techniques, mitigations, hosts, users, addresses)
            VALUES
                ($row_key, $summary, $narrative, $iocs, $techniques, $mitigations, $hosts, $users, $addresses)
            """,
            "$row_key", "$summary", "$narrative", "$iocs", "$techniques", "$mitigations", "$hosts", "$users",
            "$addresses");
        _deleteEvents = Create(connection, transaction,
            "DELETE FROM incident_events WHERE incident_row = $row_key",
            "$row_key");
        _insertEvent = Create(connection, transaction,
            "INSERT OR REPLACE INTO incident_events (event_id, incident_row) VALUES ($event_id, $row_key)",
            "$event_id", "$row_key");
    }

    public async Task<RowOutcome> WriteAsync(IncidentRow row, long updatedAtMs, CancellationToken cancellationToken)
    {
        _find.Parameters["$id"].Value = row.Id;
        long rowKey;
        RowOutcome outcome;
        await using (var reader = await _find.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                rowKey = 0;
                outcome = RowOutcome.Inserted;
            }
            else if (string.Equals(reader.GetString(1), row.ContentHash, StringComparison.Ordinal))
            {
                return RowOutcome.Unchanged;
            }
            else
            {
                rowKey = reader.GetInt64(0);
                outcome = RowOutcome.Updated;
            }
        }

        if (outcome == RowOutcome.Inserted)
        {
            _insert.Parameters["$id"].Value = row.Id;
            BindDocument(_insert, row, updatedAtMs);
            rowKey = Convert.ToInt64(await _insert.ExecuteScalarAsync(cancellationToken));
        }
        else
        {
            _update.Parameters["$row_key"].Value = rowKey;
            BindDocument(_update, row, updatedAtMs);
            await _update.ExecuteNonQueryAsync(cancellationToken);
            _deleteText.Parameters["$row_key"].Value = rowKey;
            await _deleteText.ExecuteNonQueryAsync(cancellationToken);
            _deleteEvents.Parameters["$row_key"].Value = rowKey;
            await _deleteEvents.ExecuteNonQueryAsync(cancellationToken);
        }

        _insertEvent.Parameters["$row_key"].Value = rowKey;
        foreach (var eventId in row.EventIds)
        {
            _insertEvent.Parameters["$event_id"].Value = eventId;
            await _insertEvent.ExecuteNonQueryAsync(cancellationToken);
        }

        var text = row.Text;
        var parameters = _insertText.Parameters;
        parameters["$row_key"].Value = rowKey;
        parameters["$summary"].Value = text.Summary;
        parameters["$narrative"].Value = text.Narrative;
        parameters["$iocs"].Value = text.Iocs;
        parameters["$techniques"].Value = text.Techniques;
        parameters["$mitigations"].Value = text.Mitigations;
        parameters["$hosts"].Value = text.Hosts;
        parameters["$users"].Value = text.Users;
        parameters["$addresses"].Value = text.Addresses;
        await _insertText.ExecuteNonQueryAsync(cancellationToken);
        return outcome;
    }

    public void Dispose()
    {
        _find.Dispose();
        _insert.Dispose();
        _update.Dispose();
        _deleteText.Dispose();
        _insertText.Dispose();
        _deleteEvents.Dispose();
        _insertEvent.Dispose();
    }

    private static void BindDocument(SqliteCommand command, IncidentRow row, long updatedAtMs)
    {
        var parameters = command.Parameters;
        parameters["$first_seen"].Value = row.FirstSeenMs;
        parameters["$last_seen"].Value = row.LastSeenMs;
        parameters["$severity"].Value = row.Severity;
        parameters["$severity_rank"].Value = row.SeverityRank;
        parameters["$content_hash"].Value = row.ContentHash;
        parameters["$document"].Value = row.Document;
        parameters["$updated_at"].Value = updatedAtMs;
    }

    private static SqliteCommand Create(
        SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
