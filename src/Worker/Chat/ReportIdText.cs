using System.Text.RegularExpressions;

namespace Llama3Siem.Worker.Chat;

/// <summary>
/// Report ids as they appear in questions and answers: a schedule name, a hyphen and the window's end,
/// <c>daily-20260302T0600Z</c> (seconds only for schedules that fire off the minute, see
/// <see cref="Llama3Siem.Worker.Reports.Scheduling.ReportSlot"/>). Schedule names are configured words, so only
/// this shape is recognised: a name of letters, digits, <c>-</c> and <c>_</c>, then <c>-dddddddd'T'dddd(dd)Z</c>.
/// </summary>
internal static partial class ReportIdText
{
    /// <summary>The id without its boundaries; matched ignoring case, as a model may capitalise it.</summary>
    public const string Pattern = "[a-z0-9_-]{1,64}-[0-9]{8}T[0-9]{4}(?:[0-9]{2})?Z";

    /// <summary>Every distinct id mentioned in <paramref name="text"/>, as written, in order of first mention.</summary>
    public static IReadOnlyList<string> Find(string text) =>
        Id().Matches(text).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>
    /// The form the scheduler writes: the schedule name as configured is unknown here, so lower case (the default
    /// schedules' and the documented convention), with an upper-case <c>T</c> and <c>Z</c>.
    /// </summary>
    public static string Canonical(string id)
    {
        // The time stamp holds no hyphen, so the last one separates it from the name.
        var stamp = id.LastIndexOf('-');
        return id[..stamp].ToLowerInvariant() + id[stamp..].ToUpperInvariant();
    }

    /// <summary>An id standing alone, in any case: not glued to letters, digits, <c>-</c> or <c>_</c> on either side.</summary>
    [GeneratedRegex("(?<![0-9A-Za-z_-])" + Pattern + "(?![0-9A-Za-z_-])", RegexOptions.IgnoreCase)]
    public static partial Regex Id();
}
