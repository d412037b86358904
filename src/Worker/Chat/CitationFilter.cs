using System.Text;
using System.Text.RegularExpressions;

namespace Llama3Siem.Worker.Chat;

/// <summary>
/// Keeps an answer's citations honest: an incident or report id that was not retrieved for this answer is removed
/// from the text, whether it stands in brackets (<c>[inc-…]</c>, <c>[inc-…, daily-20260302T0600Z]</c>) or bare; ids
/// that were retrieved are kept (written in their stored form) and listed as citations.
/// </summary>
/// <remarks>
/// An id is an incident id (<see cref="IncidentIdText"/>) or a report id (<see cref="ReportIdText"/>); a report
/// schedule named <c>inc</c> would make <c>inc-20260302T0600Z</c> both, and it is read as the report id.
/// </remarks>
internal static partial class CitationFilter
{
    /// <summary>An open bracket longer than this is prose, not a citation in progress, and is released.</summary>
    private const int MaxBracketGroup = 400;

    /// <summary>Either kind of id, the report form first so that it wins where both match.</summary>
    private const string AnyId = "(?:" + ReportIdText.Pattern + "|inc-[0-9a-z]{1,64})";

    private const string Boundary = "(?<![0-9A-Za-z_-])";

    private const string End = "(?![0-9A-Za-z_-])";

    public static CitedAnswer Apply(string answer, IReadOnlyCollection<string> retrieved)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(retrieved);
        var known = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in retrieved)
        {
            known.TryAdd(id, id);
        }

        var citations = new List<string>();
        var removed = 0;

        string? Keep(string id)
        {
            if (known.TryGetValue(id, out var stored))
            {
                if (!citations.Contains(stored, StringComparer.Ordinal))
                {
                    citations.Add(stored);
                }

                return stored;
            }

            removed++;
            return null;
        }

        // Bracketed groups first, so that "[inc-a, inc-x]" keeps its brackets around what is left.
        var text = BracketGroup().Replace(answer, group =>
        {
            var kept = Id().Matches(group.Groups["ids"].Value).Select(m => Keep(m.Value)).OfType<string>().ToList();
            return kept.Count == 0 ? string.Empty : group.Groups["space"].Value + "[" + string.Join(", ", kept) + "]";
        });

        text = BareId().Replace(text, bare => Keep(bare.Groups["id"].Value) is { } stored ? bare.Groups["space"].Value + stored : string.Empty);
        return new CitedAnswer(text, citations, removed);
    }

    /// <summary>
    /// The end of <paramref name="text"/> that may still grow into a citation (an open bracket, or a trailing run of
    /// id characters: <c>inc-…</c>, but also any word, since a report's schedule name is any word of letters, digits,
    /// <c>-</c> and <c>_</c> and <c>daily</c> may yet become <c>daily-20260302T0600Z</c>), with the whitespace before
    /// it: what a stream must hold back, so streamed text lags the model by at most a word.
    /// Returns the length of the part that is safe to filter and show now.
    /// </summary>
    public static int SettledLength(string text)
    {
        var end = text.Length;
        var open = text.LastIndexOf('[');
        if (open >= 0 && text.IndexOf(']', open) < 0 && end - open <= MaxBracketGroup)
        {
            end = open;
        }

        var partial = PartialIdAtEnd().Match(text[..end]);
        if (partial.Success)
        {
            end = partial.Index;
        }

        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return end;
    }

    /// <summary>A bracket group of one or more ids separated by commas, semicolons or "and"; with the spaces before it.</summary>
    [GeneratedRegex(@"(?<space>[ \t]*)\[\s*(?<ids>" + AnyId + @"(?:\s*(?:[,;]|\band\b)\s*" + AnyId + @")*)\s*\]", RegexOptions.IgnoreCase)]
    private static partial Regex BracketGroup();

    [GeneratedRegex(Boundary + AnyId + End, RegexOptions.IgnoreCase)]
    private static partial Regex Id();

    [GeneratedRegex(@"(?<space>[ \t]*)" + Boundary + "(?<id>" + AnyId + ")" + End, RegexOptions.IgnoreCase)]
    private static partial Regex BareId();

    /// <summary>A run of id characters at the very end, no longer than the longest id (a report's: 64 + 17); a longer run cannot start one.</summary>
    [GeneratedRegex(Boundary + @"[0-9A-Za-z_-]{1,81}\z")]
    private static partial Regex PartialIdAtEnd();
}
