using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// A phrase of one kind found by a regular expression over folded text, grown to its <see cref="SpanExtent"/>.
/// With a companion, the phrase counts only when the companion also matches in the same sentence or in the
/// sentence before it (then the span starts there): an order such as "do not escalate" is injection only
/// beside a claim such as "this is authorized", which is part of the same injected argument.
/// </summary>
/// <param name="needs">What every match of <paramref name="pattern"/> holds (the companion only narrows its matches).</param>
internal sealed class PhraseRule(string kind, Prerequisite needs, Regex pattern, SpanExtent extent, Regex? companion = null) : IInjectionRule
{
    public string Kind { get; } = kind;

    public Prerequisite Needs { get; } = needs;

    public void Find(TextScan scan)
    {
        var text = scan.Text.Text;
        foreach (var match in PatternFactory.Matches(pattern, text))
        {
            var (start, end) = TextExtents.Of(text, extent, match.Index, match.Index + match.Length);
            if (companion is not null && !TryCompanion(text, ref start, end))
            {
                continue;
            }

            scan.AddFolded(Kind, start, end);
        }
    }

    private bool TryCompanion(string text, ref int start, int end)
    {
        var sentenceStart = TextExtents.SentenceStart(text, start);
        var sentenceEnd = TextExtents.SentenceEnd(text, end);
        if (PatternFactory.IsMatch(companion!, text, sentenceStart, sentenceEnd))
        {
            return true;
        }

        if (sentenceStart == 0)
        {
            return false;
        }

        var previousStart = TextExtents.PreviousSentenceStart(text, sentenceStart);
        if (!PatternFactory.IsMatch(companion!, text, previousStart, sentenceStart))
        {
            return false;
        }

        start = Math.Min(start, previousStart);
        return true;
    }
}
