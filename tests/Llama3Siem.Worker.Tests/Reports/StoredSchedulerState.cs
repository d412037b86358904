using Microsoft.Data.Sqlite;

namespace Llama3Siem.Worker.Tests.Reports;

/// <summary>
/// Reads a worker's SQLite files from outside it, the way an operator would with <c>sqlite3</c>: the triggers in
/// Quartz's job store and the claims in the report store. A table that does not exist yet reads as empty.
/// </summary>
internal static class StoredSchedulerState
{
    /// <summary>The names of the triggers stored in the Quartz job store at <paramref name="schedulerDb"/>.</summary>
    public static IReadOnlyList<string> TriggerNames(string schedulerDb) =>
        Read(schedulerDb, "SELECT TRIGGER_NAME FROM QRTZ_TRIGGERS ORDER BY TRIGGER_NAME", null, r => r.GetString(0));

    /// <summary>The retry (or rescue) triggers left in the job store.</summary>
    public static IReadOnlyList<string> RetryTriggerNames(string schedulerDb) =>
        [.. TriggerNames(schedulerDb).Where(name => name.Contains("-retry-", StringComparison.Ordinal))];

    /// <summary>Who holds (or last held) the claim on report <paramref name="id"/>, or null when nobody claimed it.</summary>
    public static string? ClaimOwner(string reportsDb, string id) =>
        Read(reportsDb, "SELECT owner FROM report_claims WHERE id = $id", id, r => r.GetString(0)).SingleOrDefault();

    /// <summary>The ids of the reports stored in the report store.</summary>
    public static IReadOnlyList<string> ReportIds(string reportsDb) =>
        Read(reportsDb, "SELECT id FROM reports ORDER BY id", null, r => r.GetString(0));

    private static List<T> Read<T>(string path, string sql, string? id, Func<SqliteDataReader, T> row)
    {
        var rows = new List<T>();
        if (!File.Exists(path))
        {
            return rows;
        }

        // No pooling: the test must not keep the file open while the workers it watches come and go.
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 30 }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (id is not null)
        {
            command.Parameters.AddWithValue("$id", id);
        }

        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(row(reader));
            }
        }
        catch (SqliteException missing) when (missing.SqliteErrorCode == 1 && missing.Message.Contains("no such table", StringComparison.Ordinal))
        {
            // The worker has not created its tables yet.
        }

        return rows;
    }
}
