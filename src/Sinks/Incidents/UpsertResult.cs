namespace Llama3Siem.Sinks.Incidents;

/// <summary>What an upsert did: new documents, replaced documents, and documents whose content was already there.</summary>
public sealed record UpsertResult(int Inserted, int Updated, int Unchanged)
{
    public static UpsertResult Empty { get; } = new(0, 0, 0);

    public UpsertResult Add(UpsertResult other) =>
        new(Inserted + other.Inserted, Updated + other.Updated, Unchanged + other.Unchanged);
}
