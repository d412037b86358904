using Llama3Siem.Prompts.Enrichment;

namespace Llama3Siem.Sinks.Tests.Elasticsearch;

/// <summary>Incidents are equal when their one JSON form is (records compare lists by reference).</summary>
internal sealed class IncidentJsonComparer : IEqualityComparer<EnrichedIncident>
{
    public bool Equals(EnrichedIncident? x, EnrichedIncident? y) =>
        x is null ? y is null : y is not null && IncidentJson.Serialize(x) == IncidentJson.Serialize(y);

    public int GetHashCode(EnrichedIncident obj) => IncidentJson.Serialize(obj).GetHashCode(StringComparison.Ordinal);
}
