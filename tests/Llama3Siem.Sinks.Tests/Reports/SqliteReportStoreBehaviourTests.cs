using Llama3Siem.Sinks.Reports;
using Llama3Siem.Sinks.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Llama3Siem.Sinks.Tests.Reports;

/// <summary>The shared report store behaviour on SQLite: every store of a test opens the same file.</summary>
public sealed class SqliteReportStoreBehaviourTests : ReportStoreBehaviour, IDisposable
{
    private readonly TempDirectory _folder = new();

    protected override async Task<IReportStore> OpenStoreAsync()
    {
        var store = new SqliteReportStore(_folder.File("reports.db"));
        await store.InitializeAsync(Cancel);
        return store;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
