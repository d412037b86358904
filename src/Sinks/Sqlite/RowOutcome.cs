namespace Llama3Siem.Sinks.Sqlite;

/// <summary>What an upsert did to one incident's row.</summary>
internal enum RowOutcome
{
    Unchanged,
    Inserted,
    Updated,
}
