using Llama3Siem.Prompts.Enrichment;

namespace Llama3Siem.Prompts.Detection;

/// <summary>Sigma's <c>level</c> values and what they mean for an incident's severity.</summary>
public static class SigmaLevels
{
    /// <summary>
    /// The severity floor a rule of this level sets: its author's judgement of how serious a match is. Informational
    /// and unknown levels set none (null), low sets low, and so on up to critical.
    /// </summary>
    public static Severity? Floor(string? level) =>
        Is(level, "low") ? Severity.Low
        : Is(level, "medium") ? Severity.Medium
        : Is(level, "high") ? Severity.High
        : Is(level, "critical") ? Severity.Critical
        : null;

    // Called per fired rule of every incident: compare in place rather than lower-case a copy.
    private static bool Is(string? level, string name) => level is not null && level.AsSpan().Trim().Equals(name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Orders rules most serious first (critical, high, ...; informational and unknown last).</summary>
    public static int Rank(string? level) => Floor(level) is { } severity ? (int)severity : 0;
}
