using Llama3Siem.Sinks.Sqlite;

namespace Llama3Siem.Worker.Configuration;

/// <summary>Where incidents are written. Section <c>Store</c>.</summary>
public sealed class StoreOptions
{
    public const string SectionName = "Store";

    /// <summary><c>sqlite</c> (default, embedded) or <c>elasticsearch</c> (settings in the <c>Elasticsearch</c> section).</summary>
    public string Kind { get; set; } = StoreKinds.Sqlite;

    public SqliteStoreOptions Sqlite { get; set; } = new();
}

public static class StoreKinds
{
    public const string Sqlite = "sqlite";
    public const string Elasticsearch = "elasticsearch";
}
