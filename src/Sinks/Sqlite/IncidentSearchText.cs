using Llama3Siem.Prompts.Enrichment;

namespace Llama3Siem.Sinks.Sqlite;

/// <summary>The text of one incident as the full-text index sees it, one value per FTS5 column.</summary>
internal sealed record IncidentSearchText(
    string Summary,
    string Narrative,
    string Iocs,
    string Techniques,
    string Mitigations,
    string Hosts,
    string Users,
    string Addresses)
{
    private static readonly string Separator = $" {SqliteSchema.ItemSeparator} ";

    public static IncidentSearchText From(EnrichedIncident incident) => new(
        incident.Summary,
        incident.Narrative ?? string.Empty,
        Items(incident.Iocs.Select(ioc => ioc.Value)),
        Items(incident.Techniques.Select(technique => Pair(technique.Id, technique.Name))),
        Items(incident.Mitigations.Select(mitigation => Pair(mitigation.Id, mitigation.Title))),
        Items(incident.Hosts),
        Items(incident.Users),
        Items(incident.Addresses));

    private static string Pair(string id, string? name) => name is null ? id : $"{id} {name}";

    private static string Items(IEnumerable<string> items) => string.Join(Separator, items);
}
