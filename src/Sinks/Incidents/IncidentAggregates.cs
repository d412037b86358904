namespace Llama3Siem.Sinks.Incidents;

/// <summary>
/// Counts over the incidents active in a time window, for reports and the chat channel: by severity, and the
/// most frequent techniques, IOCs, hosts and mitigations (each counted once per incident), and how many carried
/// text addressed to an automated analyst.
/// </summary>
/// <remarks>
/// <see cref="TopIocs"/> leaves out IOCs that occur only inside injection text (<c>injected</c>): they are what an
/// attacker asked the analyst to list, not evidence, so they must not rise in a report's tops.
/// </remarks>
public sealed record IncidentAggregates(
    long Incidents,
    IReadOnlyDictionary<string, long> BySeverity,
    IReadOnlyList<TermCount> TopTechniques,
    IReadOnlyList<TermCount> TopIocs,
    IReadOnlyList<TermCount> TopHosts,
    IReadOnlyList<TermCount> TopMitigations,
    long InjectionIncidents);

/// <summary>A value and the number of incidents it occurs in. Ties are ordered by value.</summary>
public sealed record TermCount(string Value, long Count);
