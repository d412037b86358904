using Llama3Siem.Sinks.Incidents;

namespace Llama3Siem.Worker.Reports;

/// <summary>
/// A threat report over a time window, computed from the store (never by the model): what happened, what
/// matters, what to do.
/// </summary>
internal sealed record ThreatReport
{
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    public required long Incidents { get; init; }
    public required IReadOnlyDictionary<string, long> BySeverity { get; init; }

    /// <summary>Incidents by the bucket their first event falls in (hours for windows up to 2 days, else days).</summary>
    public required IReadOnlyList<TermCount> OverTime { get; init; }

    public required IReadOnlyList<ReportTechnique> TopTechniques { get; init; }
    public required IReadOnlyList<TermCount> TopIocs { get; init; }
    public required IReadOnlyList<TermCount> TopHosts { get; init; }
    public required IReadOnlyList<TermCount> TopUsers { get; init; }
    public required IReadOnlyList<ReportControl> RecommendedControls { get; init; }
    public required IReadOnlyList<ReportIncident> NotableIncidents { get; init; }

    /// <summary>
    /// Incidents whose events carried text addressed to an automated analyst (prompt injection). Not required, so
    /// that reports stored before it existed read back (as 0).
    /// </summary>
    public long InjectionIncidents { get; init; }

    /// <summary>The executive narrative, when one was written (scheduled reports); its numbers are the figures above.</summary>
    public ReportNarrative? Narrative { get; init; }
}

internal sealed record ReportTechnique(string Id, string? Name, IReadOnlyList<string> Tactics, long Incidents);

internal sealed record ReportControl(string Id, string? Title, long Incidents);

internal sealed record ReportIncident(string Id, string Severity, DateTimeOffset FirstSeen, int Events, string Summary);
