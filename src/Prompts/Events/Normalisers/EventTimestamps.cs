using System.Globalization;
using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// Reads the time formats security tools write, strictly: ISO 8601 / RFC 3339 (with 'T' or a space, any
/// fraction, 'Z', "+hh:mm" or "+hhmm"), RFC 1123, and Unix epoch numbers. A time without a zone is UTC:
/// Sysmon's UtcTime and NXLog's TimeCreated are written that way. Lenient culture parsing is avoided on
/// purpose: it would read "1/2" or "12" as dates.
/// </summary>
internal static partial class EventTimestamps
{
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd",
    ];

    // Epoch values are accepted between 2000 and 2100 only: anything else is far likelier a counter or an id.
    private const double MinEpochSeconds = 946_684_800;
    private const double MaxEpochSeconds = 4_102_444_800;

    public static bool TryParse(string? text, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (EpochNumber().IsMatch(trimmed))
        {
            return TryParseEpoch(trimmed, out timestamp);
        }

        var match = IsoTimestamp().Match(trimmed);
        if (match.Success)
        {
            return TryParseIso(match, out timestamp);
        }

        if (DateTimeOffset.TryParseExact(trimmed, "r", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp))
        {
            timestamp = timestamp.ToUniversalTime();
            return true;
        }

        return false;
    }

    /// <summary>The first of <paramref name="candidates"/> that reads as a time.</summary>
    public static DateTimeOffset? First(params ReadOnlySpan<string?> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (TryParse(candidate, out var timestamp))
            {
                return timestamp;
            }
        }

        return null;
    }

    private static bool TryParseIso(Match match, out DateTimeOffset timestamp)
    {
        // .NET reads at most 7 fraction digits; Go and Elastic write up to 9 (nanoseconds).
        var digits = match.Groups["fraction"].Value;
        var fraction = digits.Length == 0 ? string.Empty : "." + digits[..Math.Min(digits.Length, 7)];

        var zone = match.Groups["zone"].Value;
        if (zone.Length == 5)
        {
            zone = zone[..3] + ":" + zone[3..];
        }
        else if (zone == "Z" || zone == "z")
        {
            zone = "+00:00";
        }

        var normalised = match.Groups["date"].Value
            + (match.Groups["time"].Success ? "T" + match.Groups["time"].Value + fraction : string.Empty)
            + zone;
        if (DateTimeOffset.TryParseExact(normalised, IsoFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            timestamp = parsed.ToUniversalTime();
            return true;
        }

        timestamp = default;
        return false;
    }

    private static bool TryParseEpoch(string text, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        // The magnitude tells the unit: seconds, milliseconds, microseconds or nanoseconds since 1970.
        var seconds = value;
        while (seconds > MaxEpochSeconds && seconds >= 1000)
        {
            seconds /= 1000;
        }

        if (seconds is < MinEpochSeconds or > MaxEpochSeconds)
        {
            return false;
        }

        timestamp = DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    [GeneratedRegex(@"^\d{9,19}(\.\d{1,9})?$", RegexOptions.CultureInvariant)]
    private static partial Regex EpochNumber();

    [GeneratedRegex(
        @"^(?<date>\d{4}-\d{2}-\d{2})(?:[Tt ](?<time>\d{2}:\d{2}(?::\d{2})?)(?:[.,](?<fraction>\d{1,9}))?)?\s?(?<zone>[Zz]|[+-]\d{2}:?\d{2})?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex IsoTimestamp();
}
