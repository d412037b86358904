using Llama3Siem.Sinks.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Llama3Siem.Worker.Chat;

/// <summary>
/// Conversation history in its own SQLite file, one row per conversation and user, the turns encrypted with
/// <see cref="ConversationCipher"/>. Only ids, owners, times and turn counts are in the clear.
/// </summary>
/// <remarks>
/// Writes go through one in-process gate, so an append's read-modify-write cannot interleave with another's;
/// the file is opened in WAL mode with <c>synchronous=FULL</c>, like the incident store, so an answered turn
/// survives a crash.
/// </remarks>
internal sealed class SqliteConversationStore : IConversationStore, IAsyncDisposable
{

    private readonly string _connectionString;
    private readonly ConversationCipher _cipher;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile bool _initialized;

    public SqliteConversationStore(string path, byte[] key, ILogger<SqliteConversationStore>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        DatabasePath = Path.GetFullPath(path);
        _connectionString = SqliteFile.ConnectionString(DatabasePath);
        _cipher = new ConversationCipher(key);
        _logger = logger ?? NullLogger<SqliteConversationStore>.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public string DatabasePath { get; }

    public async Task<IReadOnlyList<ChatTurn>> LoadAsync(string conversationId, string user, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadAsync(connection, null, conversationId, user, cancellationToken) ?? [];
    }

    public async Task AppendAsync(string conversationId, string user, IReadOnlyList<ChatTurn> turns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turns);
        await InitializeAsync(cancellationToken);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var stored = await ReadAsync(connection, transaction, conversationId, user, cancellationToken) ?? [];
            var kept = ConversationLimits.Append(stored, turns);
            var sealedTurns = _cipher.Seal(conversationId, user, kept);

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                """
                INSERT INTO conversations (id, owner, updated_at, turns, nonce, ciphertext, tag)
                VALUES ($id, $owner, $updated_at, $turns, $nonce, $ciphertext, $tag)
                ON CONFLICT (id, owner) DO UPDATE SET
                    updated_at = excluded.updated_at, turns = excluded.turns,
                    nonce = excluded.nonce, ciphertext = excluded.ciphertext, tag = excluded.tag
                """;
            command.Parameters.AddWithValue("$id", conversationId);
            command.Parameters.AddWithValue("$owner", user);
            command.Parameters.AddWithValue("$updated_at", _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$turns", kept.Count);
            command.Parameters.AddWithValue("$nonce", sealedTurns.Nonce);
            command.Parameters.AddWithValue("$ciphertext", sealedTurns.Ciphertext);
            command.Parameters.AddWithValue("$tag", sealedTurns.Tag);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; a restart in the same process (tests) must see it closed.
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _writeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<List<ChatTurn>?> ReadAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string conversationId, string user, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT nonce, ciphertext, tag FROM conversations WHERE id = $id AND owner = $owner";
        command.Parameters.AddWithValue("$id", conversationId);
        command.Parameters.AddWithValue("$owner", user);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var turns = _cipher.Open(conversationId, user, new SealedTurns(
            (byte[])reader.GetValue(0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2)));
        if (turns is null)
        {
            ChatLog.HistoryUnreadable(_logger, conversationId);
        }

        return turns;
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }

            SqliteFile.EnsureFolder(DatabasePath);
            await using var connection = await OpenAsync(cancellationToken);
            await SqliteFile.UseWriteAheadLogAsync(connection, cancellationToken);

            await using (var schema = connection.CreateCommand())
            {
                schema.CommandText =
                    """
                    CREATE TABLE IF NOT EXISTS conversations (
                        id TEXT NOT NULL,
                        owner TEXT NOT NULL,
                        updated_at INTEGER NOT NULL,
                        turns INTEGER NOT NULL,
                        nonce BLOB NOT NULL,
                        ciphertext BLOB NOT NULL,
                        tag BLOB NOT NULL,
                        PRIMARY KEY (id, owner)
                    ) WITHOUT ROWID
                    """;
                await schema.ExecuteNonQueryAsync(cancellationToken);
            }

            ChatLog.HistoryStoreOpened(_logger, DatabasePath);
            _initialized = true;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        SqliteFile.OpenAsync(_connectionString, cancellationToken);
}
