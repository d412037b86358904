using Llama3Siem.Sinks.Sqlite;
using Microsoft.Data.Sqlite;

namespace Llama3Siem.Sinks.Tests.Support;

/// <summary>Opens a store on a file, and reads the file behind the store's back to check what it holds.</summary>
internal static class StoreFile
{
    public static async Task<SqliteIncidentStore> OpenAsync(string path, TimeProvider? clock = null)
    {
        var store = new SqliteIncidentStore(new SqliteStoreOptions { Path = path }, timeProvider: clock);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    public static async Task<object?> ScalarAsync(string path, string sql, params (string Name, object Value)[] parameters)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    public static async Task<long> UpdatedAtAsync(string path, string id) =>
        Convert.ToInt64(await ScalarAsync(path, "SELECT updated_at FROM incidents WHERE id = $id", ("$id", id)));
}
