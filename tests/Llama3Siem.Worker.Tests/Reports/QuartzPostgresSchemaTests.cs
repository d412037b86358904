using System.Collections.Concurrent;
using Llama3Siem.Worker.Reports.Scheduling;

namespace Llama3Siem.Worker.Tests.Reports;

/// <summary>
/// The worker's own PostgreSQL DDL for Quartz 4.7.3: the shipped script is the one the worker runs, Quartz's
/// schema validation accepts the tables it makes (also when replicas create them at the same moment), and a
/// database without them is refused at start rather than half-used.
/// </summary>
public sealed class QuartzPostgresSchemaTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ConcurrentQueue<JobExecution> _executions = new();

    public void Dispose() => _folder.Dispose();

    private ReportWorker Worker(string instanceId, string jobStore, bool? createTables) => new(_folder.Path, instanceId, new Dictionary<string, string?>
    {
        ["Reports:JobStore:Kind"] = "ado",
        ["Reports:JobStore:Provider"] = "Npgsql",
        ["Reports:JobStore:ConnectionString"] = jobStore,
        ["Reports:JobStore:CreateTables"] = createTables?.ToString(),
        ["Reports:Schedules:daily:Cron"] = "0 0 6 * * ?",
    }, _executions);

    [Fact]
    public void The_shipped_postgresql_script_is_the_one_the_worker_runs()
    {
        var shipped = File.ReadAllText(Path.Combine(RepositoryFiles.Root(), "deploy", "quartz", "postgresql.sql"));

        Assert.Equal(QuartzPostgresSchema.For(QuartzPostgresSchema.DefaultTablePrefix), shipped.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_schema_qualified_prefix_qualifies_the_tables_but_not_the_index_names()
    {
        var script = QuartzPostgresSchema.For("quartz.QRTZ_");

        Assert.Contains("CREATE TABLE IF NOT EXISTS quartz.QRTZ_TRIGGERS (", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX IF NOT EXISTS IDX_QRTZ_T_NFT_ST ON quartz.QRTZ_TRIGGERS (", script, StringComparison.Ordinal);
        Assert.DoesNotContain("IDX_quartz.", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_workers_starting_together_with_CreateTables_create_the_tables_once_and_Quartz_accepts_them()
    {
        var jobStore = await server.CreateDatabaseAsync(withQuartzTables: false);
        await using var first = Worker("first", jobStore, createTables: true);
        await using var second = Worker("second", jobStore, createTables: true);

        await Task.WhenAll(first.StartAsync(), second.StartAsync());

        var scheduler = await second.SchedulerAsync();
        var trigger = await scheduler.GetTrigger(new Quartz.TriggerKey("daily", ReportJob.Group), TestContext.Current.CancellationToken);
        Assert.Equal("0 0 6 * * ?", Assert.IsAssignableFrom<Quartz.ICronTrigger>(trigger).CronExpressionString);
    }

    [Fact]
    public async Task A_database_without_the_tables_is_refused_at_start()
    {
        var jobStore = await server.CreateDatabaseAsync(withQuartzTables: false);
        await using var worker = Worker("solo", jobStore, createTables: null);

        var refused = await Assert.ThrowsAsync<Quartz.SchedulerException>(worker.StartAsync);

        Assert.StartsWith("Database schema validation failed under table prefix 'QRTZ_'.", refused.Message, StringComparison.Ordinal);
    }
}
