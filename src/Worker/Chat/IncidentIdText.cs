using System.Text.RegularExpressions;

namespace Llama3Siem.Worker.Chat;

/// <summary>
/// Incident ids as they appear in questions and answers: <c>inc-</c> and a run of letters and digits (the pipeline
/// writes 24 hex digits, see <see cref="Llama3Siem.Prompts.Enrichment.IncidentIds"/>).
/// </summary>
internal static partial class IncidentIdText
{
    /// <summary>Every distinct id mentioned in <paramref name="text"/>, lower-cased, in order of first mention.</summary>
    public static IReadOnlyList<string> Find(string text) =>
        Id().Matches(text).Select(m => m.Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>An id standing alone, in any case (a model may upper-case it): not glued to letters or digits on either side.</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z_-])inc-[0-9a-z]{1,64}(?![0-9A-Za-z_-])", RegexOptions.IgnoreCase)]
    public static partial Regex Id();
}
