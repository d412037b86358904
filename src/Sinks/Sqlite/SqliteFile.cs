using Microsoft.Data.Sqlite;

namespace Llama3Siem.Sinks.Sqlite;

/// <summary>
/// How every SQLite file of the worker is opened (incidents, reports, chat history): pooled connections, writes
/// durable at commit, waits on a busy file instead of failing, and the write-ahead log so readers never block writers.
/// </summary>
public static class SqliteFile
{
    /// <summary>How long a connection waits for another writer (another worker process included) before failing.</summary>
    public const int BusyTimeoutMs = 10_000;

    public static string ConnectionString(string fullPath) => new SqliteConnectionStringBuilder
    {
        DataSource = fullPath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = BusyTimeoutMs / 1000,
    }.ToString();

    /// <summary>Creates the folder that will hold <paramref name="fullPath"/>.</summary>
    public static void EnsureFolder(string fullPath)
    {
        var folder = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>Opens a connection with the per-connection settings (a pooled connection keeps them; setting them again is cheap).</summary>
    public static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken, bool foreignKeys = false)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {BusyTimeoutMs};" + (foreignKeys ? " PRAGMA foreign_keys = ON;" : "");
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Switches the file to the write-ahead log (a property of the file, kept across opens; not possible inside a
    /// transaction). Returns the journal mode in force, which is not <c>wal</c> on file systems that cannot share memory.
    /// </summary>
    public static async Task<string> UseWriteAheadLogAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var journal = connection.CreateCommand();
        journal.CommandText = "PRAGMA journal_mode = WAL";
        return Convert.ToString(await journal.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }
}
