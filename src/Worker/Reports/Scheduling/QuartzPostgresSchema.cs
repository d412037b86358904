using Npgsql;

namespace Llama3Siem.Worker.Reports.Scheduling;

/// <summary>
/// Quartz 4.7.3's job-store tables for PostgreSQL: the script an operator runs (shipped, for the default
/// prefix, as <c>deploy/quartz/postgresql.sql</c>) and what the worker runs itself with
/// <c>Reports:JobStore:CreateTables=true</c>. Table and column names are Quartz's protocol (its ADO.NET store
/// issues unquoted SQL against exactly these, which PostgreSQL folds to lower case); the types are the ones
/// Quartz's PostgreSQL delegate binds: <c>bigint</c> ticks, <c>bool</c> flags, <c>bytea</c> payloads.
/// Quartz validates the tables at start, so an older or foreign schema is refused rather than half-used.
/// </summary>
/// <remarks>
/// Every statement is <c>IF NOT EXISTS</c>, so the script is safe to run again and never drops anything.
/// <c>CREATE TABLE IF NOT EXISTS</c> is not safe against a concurrent twin in PostgreSQL (both may pass the
/// check and one then fails on the catalog's unique index), so the worker takes a transaction-scoped advisory
/// lock first: replicas starting together create the tables one after the other, and the later one finds them.
/// </remarks>
internal static class QuartzPostgresSchema
{
    /// <summary>The prefix of the shipped script, Quartz's default.</summary>
    public const string DefaultTablePrefix = "QRTZ_";

    // Any constant both replicas agree on; it only has to differ from other advisory locks in the same database.
    private const long CreateTablesLock = 0x4C33_5351_5254_5A00; // "L3SQRTZ\0"

    // {0} is the table prefix, possibly schema-qualified (quartz.QRTZ_); {1} is the same without the schema, for
    // index names, which PostgreSQL always creates in the table's schema and which may not be qualified.
    private const string Script = """
        -- Quartz.NET 4.7.3 job store for Llama3Siem's scheduled reports on PostgreSQL (tested with 15).
        -- Written from src/Worker/Reports/Scheduling/QuartzPostgresSchema.cs (a test keeps the two equal).
        -- Safe to run more than once: it only creates what is missing. See docs/reports.md for the privileges.

        CREATE TABLE IF NOT EXISTS {0}JOB_DETAILS (
            SCHED_NAME TEXT NOT NULL, JOB_NAME TEXT NOT NULL, JOB_GROUP TEXT NOT NULL,
            DESCRIPTION TEXT NULL, JOB_CLASS_NAME TEXT NOT NULL,
            IS_DURABLE BOOL NOT NULL, IS_NONCONCURRENT BOOL NOT NULL, IS_UPDATE_DATA BOOL NOT NULL,
            REQUESTS_RECOVERY BOOL NOT NULL, JOB_DATA BYTEA NULL,
            PRIMARY KEY (SCHED_NAME, JOB_NAME, JOB_GROUP));

        CREATE TABLE IF NOT EXISTS {0}TRIGGERS (
            SCHED_NAME TEXT NOT NULL, TRIGGER_NAME TEXT NOT NULL, TRIGGER_GROUP TEXT NOT NULL,
            JOB_NAME TEXT NOT NULL, JOB_GROUP TEXT NOT NULL, DESCRIPTION TEXT NULL,
            NEXT_FIRE_TIME BIGINT NULL, PREV_FIRE_TIME BIGINT NULL, PRIORITY INTEGER NULL,
            TRIGGER_STATE TEXT NOT NULL, TRIGGER_TYPE TEXT NOT NULL,
            START_TIME BIGINT NOT NULL, END_TIME BIGINT NULL, CALENDAR_NAME TEXT NULL,
            MISFIRE_INSTR SMALLINT NULL, MISFIRE_ORIG_FIRE_TIME BIGINT NULL,
            EXECUTION_GROUP VARCHAR(200) NULL, PREFERRED_NODE VARCHAR(200) NULL, PREFERRED_NODE_AUTO BOOL NOT NULL DEFAULT FALSE,
            RETRY_POLICY VARCHAR(250) NULL, RETRY_ATTEMPT INTEGER NULL,
            CONTINUES_TRIGGER_NAME TEXT NULL, CONTINUES_TRIGGER_GROUP TEXT NULL, CONTINUATION_CONDITION INTEGER NULL,
            OVERLAP_POLICY INTEGER NULL, PAUSE_REASON VARCHAR(250) NULL, PAUSED_BY VARCHAR(200) NULL, PAUSED_AT BIGINT NULL,
            MISFIRE_THRESHOLD BIGINT NULL, FIXED_DELAY BOOL NULL, JOB_DATA BYTEA NULL,
            PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
            FOREIGN KEY (SCHED_NAME, JOB_NAME, JOB_GROUP) REFERENCES {0}JOB_DETAILS (SCHED_NAME, JOB_NAME, JOB_GROUP));

        CREATE TABLE IF NOT EXISTS {0}SIMPLE_TRIGGERS (
            SCHED_NAME TEXT NOT NULL, TRIGGER_NAME TEXT NOT NULL, TRIGGER_GROUP TEXT NOT NULL,
            REPEAT_COUNT BIGINT NOT NULL, REPEAT_INTERVAL BIGINT NOT NULL, TIMES_TRIGGERED BIGINT NOT NULL,
            PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
            FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) REFERENCES {0}TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) ON DELETE CASCADE);

        CREATE TABLE IF NOT EXISTS {0}CRON_TRIGGERS (
            SCHED_NAME TEXT NOT NULL, TRIGGER_NAME TEXT NOT NULL, TRIGGER_GROUP TEXT NOT NULL,
            CRON_EXPRESSION TEXT NOT NULL, TIME_ZONE_ID TEXT NULL,
            PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
            FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) REFERENCES {0}TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) ON DELETE CASCADE);

        CREATE TABLE IF NOT EXISTS {0}SIMPROP_TRIGGERS (
            SCHED_NAME TEXT NOT NULL, TRIGGER_NAME TEXT NOT NULL, TRIGGER_GROUP TEXT NOT NULL,
            STR_PROP_1 TEXT NULL, STR_PROP_2 TEXT NULL, STR_PROP_3 TEXT NULL,
            INT_PROP_1 INTEGER NULL, INT_PROP_2 INTEGER NULL, LONG_PROP_1 BIGINT NULL, LONG_PROP_2 BIGINT NULL,
            DEC_PROP_1 NUMERIC NULL, DEC_PROP_2 NUMERIC NULL, BOOL_PROP_1 BOOL NULL, BOOL_PROP_2 BOOL NULL,
            TIME_ZONE_ID TEXT NULL,
            PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
            FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) REFERENCES {0}TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) ON DELETE CASCADE);

        CREATE TABLE IF NOT EXISTS {0}BLOB_TRIGGERS (
            SCHED_NAME TEXT NOT NULL, TRIGGER_NAME TEXT NOT NULL, TRIGGER_GROUP TEXT NOT NULL, BLOB_DATA BYTEA NULL,
            PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
            FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) REFERENCES {0}TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) ON DELETE CASCADE);

        CREATE TABLE IF NOT EXISTS {0}CALENDARS (
            SCHED_NAME TEXT NOT NULL, CALENDAR_NAME TEXT NOT NULL, CALENDAR BYTEA NOT NULL,
            PRIMARY KEY (SCHED_NAME, CALENDAR_NAME));

        CREATE TABLE IF NOT EXISTS {0}PAUSED_TRIGGER_GRPS (
            SCHED_NAME TEXT NOT NULL, TRIGGER_GROUP TEXT NOT NULL,
            PAUSE_REASON VARCHAR(250) NULL, PAUSED_BY VARCHAR(200) NULL, PAUSED_AT BIGINT NULL,
            PRIMARY KEY (SCHED_NAME, TRIGGER_GROUP));

        CREATE TABLE IF NOT EXISTS {0}PAUSED_JOB_GRPS (
            SCHED_NAME TEXT NOT NULL, JOB_GROUP TEXT NOT NULL,
            PAUSE_REASON VARCHAR(250) NULL, PAUSED_BY VARCHAR(200) NULL, PAUSED_AT BIGINT NULL,
            PRIMARY KEY (SCHED_NAME, JOB_GROUP));

        CREATE TABLE IF NOT EXISTS {0}FIRED_TRIGGERS (
            SCHED_NAME TEXT NOT NULL, ENTRY_ID TEXT NOT NULL, TRIGGER_NAME TEXT NOT NULL, TRIGGER_GROUP TEXT NOT NULL,
            INSTANCE_NAME TEXT NOT NULL, FIRED_TIME BIGINT NOT NULL, SCHED_TIME BIGINT NOT NULL,
            PRIORITY INTEGER NOT NULL, STATE TEXT NOT NULL, JOB_NAME TEXT NULL, JOB_GROUP TEXT NULL,
            IS_NONCONCURRENT BOOL NOT NULL, REQUESTS_RECOVERY BOOL NULL, EXECUTION_GROUP VARCHAR(200) NULL,
            PROGRESS INTEGER NULL, PROGRESS_MESSAGE VARCHAR(250) NULL, INTERRUPT_REQUESTED_TIME BIGINT NULL,
            PRIMARY KEY (SCHED_NAME, ENTRY_ID));

        CREATE TABLE IF NOT EXISTS {0}SCHEDULER_STATE (
            SCHED_NAME TEXT NOT NULL, INSTANCE_NAME TEXT NOT NULL,
            LAST_CHECKIN_TIME BIGINT NOT NULL, CHECKIN_INTERVAL BIGINT NOT NULL, QUARTZ_VERSION VARCHAR(20) NULL,
            PRIMARY KEY (SCHED_NAME, INSTANCE_NAME));

        CREATE TABLE IF NOT EXISTS {0}LOCKS (
            SCHED_NAME TEXT NOT NULL, LOCK_NAME TEXT NOT NULL,
            PRIMARY KEY (SCHED_NAME, LOCK_NAME));

        CREATE TABLE IF NOT EXISTS {0}EXECUTION_HISTORY (
            SCHED_NAME TEXT NOT NULL, ENTRY_ID TEXT NOT NULL, INSTANCE_NAME TEXT NOT NULL,
            JOB_NAME TEXT NOT NULL, JOB_GROUP TEXT NOT NULL, TRIGGER_NAME TEXT NOT NULL, TRIGGER_GROUP TEXT NOT NULL,
            FIRED_TIME BIGINT NOT NULL, RUN_TIME BIGINT NOT NULL, SUCCEEDED BOOL NOT NULL, ERROR_MESSAGE TEXT NULL,
            RETRY_ATTEMPT INTEGER NOT NULL DEFAULT 0, RETRY_SCHEDULED BOOL NOT NULL DEFAULT FALSE,
            EXECUTION_LOG TEXT NULL, RESULT INTEGER NULL, SUMMARY TEXT NULL, METRICS TEXT NULL, MANUAL BOOL NULL,
            FIRE_INSTANCE_ID TEXT NULL, JOB_INPUT TEXT NULL, JOB_INPUT_TOO_LARGE BOOL NULL,
            PRIMARY KEY (SCHED_NAME, ENTRY_ID));

        CREATE TABLE IF NOT EXISTS {0}MISFIRE_HISTORY (
            SCHED_NAME TEXT NOT NULL, ENTRY_ID TEXT NOT NULL, INSTANCE_NAME TEXT NOT NULL,
            TRIGGER_NAME TEXT NOT NULL, TRIGGER_GROUP TEXT NOT NULL, JOB_NAME TEXT NULL, JOB_GROUP TEXT NULL,
            MISFIRE_TIME BIGINT NOT NULL, SCHED_TIME BIGINT NULL, REASON INTEGER NULL,
            PRIMARY KEY (SCHED_NAME, ENTRY_ID));

        CREATE TABLE IF NOT EXISTS {0}JOB_STATUS (
            SCHED_NAME TEXT NOT NULL, JOB_GROUP TEXT NOT NULL, JOB_NAME TEXT NOT NULL,
            FIRST_FIRED_TIME BIGINT NOT NULL, LAST_FIRED_TIME BIGINT NOT NULL, LAST_RESULT INTEGER NOT NULL,
            LAST_RUN_TIME BIGINT NOT NULL, LAST_INSTANCE_NAME TEXT NOT NULL, LAST_ENTRY_ID TEXT NULL,
            LAST_SUMMARY TEXT NULL, LAST_SUCCESS_TIME BIGINT NULL, LAST_FAILURE_TIME BIGINT NULL,
            LAST_FAILURE_MESSAGE TEXT NULL, CONSECUTIVE_FAILURES INTEGER NOT NULL DEFAULT 0,
            RUN_COUNT BIGINT NOT NULL DEFAULT 0, FAILURE_COUNT BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (SCHED_NAME, JOB_GROUP, JOB_NAME));

        CREATE INDEX IF NOT EXISTS IDX_{1}J_G_N ON {0}JOB_DETAILS (SCHED_NAME, JOB_GROUP, JOB_NAME);
        CREATE INDEX IF NOT EXISTS IDX_{1}T_J ON {0}TRIGGERS (SCHED_NAME, JOB_NAME, JOB_GROUP);
        CREATE INDEX IF NOT EXISTS IDX_{1}T_G_N ON {0}TRIGGERS (SCHED_NAME, TRIGGER_GROUP, TRIGGER_NAME);
        CREATE INDEX IF NOT EXISTS IDX_{1}T_C ON {0}TRIGGERS (SCHED_NAME, CALENDAR_NAME);
        CREATE INDEX IF NOT EXISTS IDX_{1}T_NFT_ST ON {0}TRIGGERS (SCHED_NAME, TRIGGER_STATE, NEXT_FIRE_TIME, PRIORITY DESC, MISFIRE_INSTR);
        CREATE INDEX IF NOT EXISTS IDX_{1}FT_INST_JOB_REQ_RCVRY ON {0}FIRED_TRIGGERS (SCHED_NAME, INSTANCE_NAME, REQUESTS_RECOVERY);
        CREATE INDEX IF NOT EXISTS IDX_{1}FT_J_G ON {0}FIRED_TRIGGERS (SCHED_NAME, JOB_NAME, JOB_GROUP);
        CREATE INDEX IF NOT EXISTS IDX_{1}FT_T_G ON {0}FIRED_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP);
        CREATE INDEX IF NOT EXISTS IDX_{1}EH_FIRED_TIME ON {0}EXECUTION_HISTORY (SCHED_NAME, FIRED_TIME);
        CREATE INDEX IF NOT EXISTS IDX_{1}EH_INST ON {0}EXECUTION_HISTORY (SCHED_NAME, INSTANCE_NAME);
        CREATE INDEX IF NOT EXISTS IDX_{1}EH_JOB_TIME ON {0}EXECUTION_HISTORY (SCHED_NAME, JOB_GROUP, JOB_NAME, FIRED_TIME);
        CREATE INDEX IF NOT EXISTS IDX_{1}EH_FIRE_INST ON {0}EXECUTION_HISTORY (SCHED_NAME, FIRE_INSTANCE_ID);
        CREATE INDEX IF NOT EXISTS IDX_{1}EH_TRIG_TIME ON {0}EXECUTION_HISTORY (SCHED_NAME, TRIGGER_GROUP, TRIGGER_NAME, FIRED_TIME);
        CREATE INDEX IF NOT EXISTS IDX_{1}MH_MISFIRE_TIME ON {0}MISFIRE_HISTORY (SCHED_NAME, MISFIRE_TIME);
        CREATE INDEX IF NOT EXISTS IDX_{1}MH_INST ON {0}MISFIRE_HISTORY (SCHED_NAME, INSTANCE_NAME);

        """;

    /// <summary>The script for <paramref name="tablePrefix"/> (validated configuration: letters, digits, '_' and '.').</summary>
    public static string For(string tablePrefix)
    {
        var unqualified = tablePrefix[(tablePrefix.LastIndexOf('.') + 1)..];
        return Script
            .Replace("{0}", tablePrefix, StringComparison.Ordinal)
            .Replace("{1}", unqualified, StringComparison.Ordinal);
    }

    /// <summary>Creates the tables missing from the database, in one transaction, one creator at a time.</summary>
    public static async Task CreateIfMissingAsync(string connectionString, string tablePrefix, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var serialise = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            serialise.Parameters.AddWithValue("key", CreateTablesLock);
            await serialise.ExecuteNonQueryAsync(cancellationToken);
        }

        // The prefix is validated configuration: identifiers take no parameters.
#pragma warning disable CA2100
        await using (var create = new NpgsqlCommand(For(tablePrefix), connection, transaction))
#pragma warning restore CA2100
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
