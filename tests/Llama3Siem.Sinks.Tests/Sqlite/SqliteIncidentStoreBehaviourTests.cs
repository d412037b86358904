using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Sinks.Tests.Incidents;
using Llama3Siem.Sinks.Tests.Support;

namespace Llama3Siem.Sinks.Tests.Sqlite;

/// <summary>The shared store behaviour on SQLite.</summary>
public sealed class SqliteIncidentStoreBehaviourTests : IncidentStoreBehaviour, IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly List<IAsyncDisposable> _stores = [];

    protected override async Task<IIncidentStore> OpenEmptyStoreAsync()
    {
        var store = await StoreFile.OpenAsync(_directory.File($"incidents-{_stores.Count}.db"));
        _stores.Add(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _directory.Dispose();
    }
}
