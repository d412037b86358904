namespace Llama3Siem.Prompts.Enrichment;

/// <summary>Wire names of <see cref="Severity"/>: <c>low</c>, <c>medium</c>, <c>high</c>, <c>critical</c>.</summary>
public static class SeverityNames
{
    public static string ToName(this Severity severity) => severity switch
    {
        Severity.Low => "low",
        Severity.Medium => "medium",
        Severity.High => "high",
        Severity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };

    public static bool TryParse(string? name, out Severity severity)
    {
        foreach (var candidate in Enum.GetValues<Severity>())
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.OrdinalIgnoreCase))
            {
                severity = candidate;
                return true;
            }
        }

        severity = default;
        return false;
    }
}
