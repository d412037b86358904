using Llama3Siem.Prompts.Enrichment;

namespace Llama3Siem.Sinks.Incidents;

/// <summary>
/// Filters for reading incidents back. Unset filters match everything.
/// </summary>
/// <param name="Text">Full-text query over summary, narrative, IOCs, techniques, hosts and users.</param>
/// <param name="From">Incidents whose <c>last_seen</c> is at or after this time.</param>
/// <param name="To">Incidents whose <c>first_seen</c> is before this time.</param>
/// <param name="MinimumSeverity">Incidents at this severity or above.</param>
/// <param name="Technique">Incidents with this ATT&amp;CK technique id (exact, e.g. <c>T1003.001</c>).</param>
/// <param name="IocValue">Incidents with an IOC of exactly this (normalised) value.</param>
/// <param name="Host">Incidents that touched exactly this host name.</param>
/// <param name="User">Incidents that involved exactly this user name.</param>
public sealed record IncidentQuery(
    string? Text = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    Severity? MinimumSeverity = null,
    int Limit = 50,
    int Offset = 0,
    string? Technique = null,
    string? IocValue = null,
    string? Host = null,
    string? User = null)
{
    /// <summary>
    /// Checks paging and severity the same way for every store; throws <see cref="ArgumentOutOfRangeException"/>
    /// naming <paramref name="parameterName"/>.
    /// </summary>
    public void Validate(int maxLimit, string parameterName)
    {
        if (Limit < 1 || Limit > maxLimit)
        {
            throw new ArgumentOutOfRangeException(parameterName, Limit, $"{nameof(Limit)} must be between 1 and {maxLimit}.");
        }

        if (Offset < 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, Offset, $"{nameof(Offset)} must not be negative.");
        }

        if (MinimumSeverity is { } minimum && !Enum.IsDefined(minimum))
        {
            throw new ArgumentOutOfRangeException(parameterName, minimum, $"{nameof(MinimumSeverity)} is not a known severity.");
        }
    }
}
