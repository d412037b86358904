namespace Llama3Siem.Worker.Configuration;

/// <summary>Where Quartz keeps schedules, fire times and misfires. Section <c>Reports:JobStore</c>.</summary>
public sealed class ReportJobStoreOptions
{
    /// <summary>
    /// <c>sqlite</c> (default, embedded: the worker creates Quartz's tables itself) or <c>ado</c> (any database
    /// Quartz has an ADO.NET provider for, named by <see cref="Provider"/>; its tables are created beforehand).
    /// </summary>
    public string Kind { get; set; } = ReportJobStoreKinds.Sqlite;

    /// <summary>Quartz's provider name for <c>ado</c>, e.g. <c>Npgsql</c> or <c>SqlServer</c>. For <c>sqlite</c> it is <c>SQLite-Microsoft</c>.</summary>
    public string? Provider { get; set; }

    /// <summary>Default <c>Data Source=.data/scheduler.db</c>.</summary>
    public string ConnectionString { get; set; } = "Data Source=.data/scheduler.db";

    /// <summary>Prefix of Quartz's table names. Default <c>QRTZ_</c>.</summary>
    public string TablePrefix { get; set; } = "QRTZ_";

    /// <summary>
    /// Quartz clustering, so that replicas sharing the job store fire each trigger once and take over a dead
    /// node's work. Unset means: on for <c>ado</c>, off for <c>sqlite</c>, which Quartz 4.7.3 refuses to
    /// cluster ("SQLite cannot be used as clustered mode due to locking problems"); see docs/reports.md.
    /// </summary>
    public bool? Clustered { get; set; }

    /// <summary>This node's id in the cluster; <c>AUTO</c> (default) derives one from the host name and time.</summary>
    public string InstanceId { get; set; } = "AUTO";

    /// <summary>
    /// Whether the worker creates Quartz's tables at start when they are missing. Unset means: on for
    /// <c>sqlite</c>, off for <c>ado</c>, where the operator normally creates them (<c>deploy/quartz/postgresql.sql</c>);
    /// <c>true</c> with <c>ado</c> is supported for <c>Provider=Npgsql</c> only and needs the CREATE privilege.
    /// </summary>
    public bool? CreateTables { get; set; }

    public bool IsClustered => Clustered ?? Kind == ReportJobStoreKinds.Ado;

    public bool CreatesTables => CreateTables ?? Kind == ReportJobStoreKinds.Sqlite;
}

public static class ReportJobStoreKinds
{
    public const string Sqlite = "sqlite";
    public const string Ado = "ado";

    /// <summary>Quartz's name for SQLite through Microsoft.Data.Sqlite.</summary>
    public const string SqliteProvider = "SQLite-Microsoft";

    /// <summary>Quartz's name for PostgreSQL through Npgsql, which the worker ships.</summary>
    public const string PostgresProvider = "Npgsql";
}
