namespace Llama3Siem.Sinks.Incidents;

/// <summary>What an upsert did: new documents, replaced documents, and documents whose content was already there.</summary>
public sealed record UpsertResult(int Inserted, int Updated, int Unchanged)
{
    public static UpsertResult Empty { get; } = new(0, 0, 0);

    /// <summary>
    /// Incidents the store refused for good (a document its mapping cannot hold). They were not written and
    /// are not counted above; the caller dead-letters them. Empty for stores that never refuse a valid incident.
    /// </summary>
    public IReadOnlyList<RejectedIncident> Rejected { get; init; } = Array.Empty<RejectedIncident>();

    public UpsertResult Add(UpsertResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Inserted + other.Inserted, Updated + other.Updated, Unchanged + other.Unchanged)
        {
            Rejected = Rejected.Count + other.Rejected.Count == 0 ? Array.Empty<RejectedIncident>() : [.. Rejected, .. other.Rejected],
        };
    }

    public bool Equals(UpsertResult? other) =>
        other is not null && Inserted == other.Inserted && Updated == other.Updated && Unchanged == other.Unchanged
        && Rejected.SequenceEqual(other.Rejected);

    public override int GetHashCode() => HashCode.Combine(Inserted, Updated, Unchanged, Rejected.Count);
}
