using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Sinks.Sqlite;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>Reads a SQLite store back: which incidents reference each event.</summary>
internal static class StoredEvents
{
    public static async Task<Dictionary<string, List<string>>> ReadAsync(string databasePath, CancellationToken cancellationToken)
    {
        var references = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!File.Exists(databasePath))
        {
            return references;
        }

        await using var store = new SqliteIncidentStore(new SqliteStoreOptions { Path = databasePath });
        await store.InitializeAsync(cancellationToken);
        await foreach (var incident in store.ReadAllAsync(new IncidentQuery(), int.MaxValue, cancellationToken))
        {
            foreach (var eventId in incident.Events)
            {
                if (!references.TryGetValue(eventId, out var incidents))
                {
                    incidents = [];
                    references[eventId] = incidents;
                }

                incidents.Add(incident.Id);
            }
        }

        return references;
    }

    /// <summary>Polls until every expected event is stored (or the timeout passes); returns the last reading.</summary>
    public static async Task<Dictionary<string, List<string>>> WaitForAsync(string databasePath, ICollection<string> expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var stored = await ReadAsync(databasePath, cancellationToken);
            if (expected.All(stored.ContainsKey) || DateTime.UtcNow > deadline)
            {
                return stored;
            }

            await Task.Delay(250, cancellationToken);
        }
    }
}
