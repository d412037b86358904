using Llama3Siem.Prompts.Enrichment;

namespace Llama3Siem.Sinks.Sqlite;

/// <summary>One incident as the <c>incidents</c> table and its full-text index hold it.</summary>
internal sealed record IncidentRow(
    string Id,
    long FirstSeenMs,
    long LastSeenMs,
    string Severity,
    int SeverityRank,
    string ContentHash,
    string Document,
    IncidentSearchText Text,
    IReadOnlyList<string> EventIds)
{
    /// <summary>
    /// Validates and converts the incidents of one upsert. An id given more than once keeps its last
    /// document (a later enrichment supersedes an earlier one in the same batch), at its first position.
    /// Messages name the parameter and index, never the incident's content.
    /// </summary>
    public static IReadOnlyList<IncidentRow> FromBatch(IReadOnlyList<EnrichedIncident> incidents, string parameterName)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<IncidentRow>(incidents.Count);
        for (var index = 0; index < incidents.Count; index++)
        {
            var row = From(incidents[index], index, parameterName);
            if (positions.TryGetValue(row.Id, out var position))
            {
                rows[position] = row;
            }
            else
            {
                positions.Add(row.Id, rows.Count);
                rows.Add(row);
            }
        }

        return rows;
    }

    private static IncidentRow From(EnrichedIncident? incident, int index, string parameterName)
    {
        if (incident is null)
        {
            throw new ArgumentException($"Incident {index} is null.", parameterName);
        }

        if (string.IsNullOrWhiteSpace(incident.Id))
        {
            throw new ArgumentException($"Incident {index} has no id.", parameterName);
        }

        if (!SeverityNames.TryParse(incident.Severity, out var severity))
        {
            throw new ArgumentException(
                $"Incident {index} has a severity that is not one of low, medium, high or critical.", parameterName);
        }

        var document = IncidentJson.Serialize(incident);
        return new IncidentRow(
            incident.Id,
            incident.FirstSeen.ToUnixTimeMilliseconds(),
            incident.LastSeen.ToUnixTimeMilliseconds(),
            severity.ToName(),
            (int)severity,
            IncidentContent.Hash(incident, document),
            document,
            IncidentSearchText.From(incident),
            incident.Events);
    }
}
