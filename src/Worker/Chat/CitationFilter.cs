using System.Text;
using System.Text.RegularExpressions;

namespace Llama3Siem.Worker.Chat;

/// <summary>
/// Keeps an answer's citations honest: an incident id that was not retrieved for this answer is removed from the
/// text, whether it stands in brackets (<c>[inc-…]</c>, <c>[inc-…, inc-…]</c>) or bare; ids that were retrieved are
/// kept (written in their stored form) and listed as citations.
/// </summary>
internal static partial class CitationFilter
{
    /// <summary>An open bracket longer than this is prose, not a citation in progress, and is released.</summary>
    private const int MaxBracketGroup = 400;

    public static CitedAnswer Apply(string answer, IReadOnlyCollection<string> retrieved)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(retrieved);
        var known = retrieved.ToDictionary(id => id, id => id, StringComparer.OrdinalIgnoreCase);
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
            var kept = IncidentIdText.Id().Matches(group.Groups["ids"].Value).Select(m => Keep(m.Value)).OfType<string>().ToList();
            return kept.Count == 0 ? string.Empty : group.Groups["space"].Value + "[" + string.Join(", ", kept) + "]";
        });

        text = BareId().Replace(text, bare => Keep(bare.Groups["id"].Value) is { } stored ? bare.Groups["space"].Value + stored : string.Empty);
        return new CitedAnswer(text, citations, removed);
    }

    /// <summary>
    /// The end of <paramref name="text"/> that may still grow into a citation (an open bracket, or a trailing
    /// <c>i</c>, <c>in</c>, <c>inc</c>, <c>inc-…</c>), with the whitespace before it: what a stream must hold back.
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
    [GeneratedRegex(@"(?<space>[ \t]*)\[\s*(?<ids>inc-[0-9a-z]{1,64}(?:\s*(?:[,;]|\band\b)\s*inc-[0-9a-z]{1,64})*)\s*\]", RegexOptions.IgnoreCase)]
    private static partial Regex BracketGroup();

    [GeneratedRegex(@"(?<space>[ \t]*)(?<![0-9A-Za-z_-])(?<id>inc-[0-9a-z]{1,64})(?![0-9A-Za-z_-])", RegexOptions.IgnoreCase)]
    private static partial Regex BareId();

    [GeneratedRegex(@"(?<![0-9A-Za-z_-])(?:i|in|inc|inc-[0-9a-z]{0,64})$", RegexOptions.IgnoreCase)]
    private static partial Regex PartialIdAtEnd();
}
