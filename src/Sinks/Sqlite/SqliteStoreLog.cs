using Microsoft.Extensions.Logging;

namespace Llama3Siem.Sinks.Sqlite;

/// <summary>
/// The store's log lines. None carries incident content: counts, versions and the configured path only.
/// </summary>
internal static partial class SqliteStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Incident store opened at {Path} with schema version {SchemaVersion}")]
    public static partial void StoreOpened(ILogger logger, string path, int schemaVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Incident store schema migrated from version {FromVersion} to {ToVersion}")]
    public static partial void SchemaMigrated(ILogger logger, int fromVersion, int toVersion);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Incident store journal mode is {JournalMode}, not WAL: readers will wait for writers")]
    public static partial void WalUnavailable(ILogger logger, string journalMode);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug,
        Message = "Upserted incidents: {Inserted} inserted, {Updated} updated, {Unchanged} unchanged in {ElapsedMs:F1} ms")]
    public static partial void Upserted(ILogger logger, int inserted, int updated, int unchanged, double elapsedMs);
}
