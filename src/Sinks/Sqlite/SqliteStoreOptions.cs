using System.ComponentModel.DataAnnotations;

namespace Llama3Siem.Sinks.Sqlite;

/// <summary>The embedded incident store, bound from configuration section <c>Store:Sqlite</c>.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Store:Sqlite";

    /// <summary>
    /// The database file. Relative paths resolve against the working directory; the parent folder is
    /// created when missing. WAL mode adds <c>-wal</c> and <c>-shm</c> files beside it.
    /// Default: <c>.data/llama3siem.db</c>.
    /// </summary>
    [Required]
    public string Path { get; set; } = ".data/llama3siem.db";
}
