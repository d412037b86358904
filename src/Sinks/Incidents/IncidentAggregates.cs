namespace Llama3Siem.Sinks.Incidents;

/// <summary>
/// Counts over the incidents active in a time window, for reports and the chat channel: by severity, and the
/// most frequent techniques, IOCs, hosts and mitigations (each counted once per incident).
/// </summary>
public sealed record IncidentAggregates(
    long Incidents,
    IReadOnlyDictionary<string, long> BySeverity,
    IReadOnlyList<TermCount> TopTechniques,
    IReadOnlyList<TermCount> TopIocs,
    IReadOnlyList<TermCount> TopHosts,
    IReadOnlyList<TermCount> TopMitigations);

/// <summary>A value and the number of incidents it occurs in. Ties are ordered by value.</summary>
public sealed record TermCount(string Value, long Count);
