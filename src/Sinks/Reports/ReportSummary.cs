namespace Llama3Siem.Sinks.Reports;

/// <summary>What a list of reports shows of each: everything but the document.</summary>
/// <param name="Id">The schedule and the window's end, e.g. <c>daily-20260302T0600Z</c>.</param>
/// <param name="Schedule">The configured schedule that produced it (<c>daily</c>), or <c>on-demand</c>.</param>
/// <param name="From">The window's start (inclusive).</param>
/// <param name="To">The window's end (exclusive).</param>
/// <param name="CreatedAt">When this version of the report was stored.</param>
/// <param name="Audience"><c>executive</c> or <c>analyst</c>.</param>
/// <param name="Incidents">Incidents in the window.</param>
/// <param name="NarrativeStatus"><c>generated</c>, <c>rejected_numbers</c> or <c>not_generated</c>.</param>
public sealed record ReportSummary(
    string Id,
    string Schedule,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset CreatedAt,
    string Audience,
    long Incidents,
    string NarrativeStatus);
