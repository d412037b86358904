namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// Characters that render as nothing but reach the model: Unicode tag characters (which can spell a whole
/// hidden instruction), zero-width characters splitting ASCII words, bidi overrides and isolates, soft-hyphen
/// runs. Works on the original text, since folding drops exactly these.
/// </summary>
/// <remarks>
/// Legitimate uses are left alone: the tag sequence of a subdivision flag emoji (🏴 followed by at most seven
/// tags ending in CANCEL TAG), a single zero-width character not inside an ASCII word (emoji sequences, Persian, Indic
/// scripts, the byte-order mark that opens a syslog MSG), embedding and isolate controls in text holding
/// Hebrew or Arabic, and a single soft hyphen or two in a word (hyphenation hints). Text spelled in tag
/// characters is decoded and scanned; what it holds is reported over the tag run too.
/// </remarks>
internal sealed class InvisibleCharacterRule : IInjectionRule
{
    private const int TagHigh = 0xDB40;
    private const int TagLowFirst = 0xDC00;
    private const int TagLowLast = 0xDC7F;
    private const int CancelTagLow = 0xDC7F;
    private const int MaxFlagTags = 7;
    private const int SoftHyphensPerWord = 3;
    private const char SoftHyphen = '\u00AD';

    /// <summary>Every character this rule looks for (tags, zero-width, bidi controls, the soft hyphen) is outside ASCII.</summary>
    public Prerequisite Needs { get; } = new(TextFeatures.NonAsciiBeforeFolding);

    public void Find(TextScan scan)
    {
        var text = scan.Text.Original;
        var hasRightToLeft = text.AsSpan().IndexOfAnyInRange('\u0590', '\u08FF') >= 0;
        var i = 0;
        while (i < text.Length)
        {
            if (IsTag(text, i))
            {
                i = TagRun(scan, text, i);
            }
            else if (IsZeroWidth(text[i], i))
            {
                i = ZeroWidthRun(scan, text, i);
            }
            else if (IsBidiControl(text[i]))
            {
                if (text[i] is '\u202D' or '\u202E' || !hasRightToLeft)
                {
                    scan.AddOriginal(InjectionKinds.InvisibleCharacters, i, i + 1);
                }

                i++;
            }
            else if (text[i] == SoftHyphen)
            {
                i = SoftHyphens(scan, text, i);
            }
            else
            {
                i++;
            }
        }
    }

    private static bool IsTag(string text, int i) =>
        text[i] == TagHigh && i + 1 < text.Length && text[i + 1] is >= (char)TagLowFirst and <= (char)TagLowLast;

    private static bool IsZeroWidth(char c, int index) =>
        c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\u2061' or '\u2062' or '\u2063' or '\u2064' or '\u180E'
            or '\u3164' or '\uFFA0'
        || (c == '\uFEFF' && index > 0);

    private static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static int TagRun(TextScan scan, string text, int start)
    {
        var end = start;
        var hidden = new System.Text.StringBuilder();
        while (end < text.Length && IsTag(text, end))
        {
            var ascii = text[end + 1] - TagLowFirst;
            if (ascii is >= 0x20 and < 0x7F)
            {
                hidden.Append((char)ascii);
            }

            end += 2;
        }

        var tags = (end - start) / 2;
        var flag = start >= 2 && text[start - 2] == '\uD83C' && text[start - 1] == '\uDFF4'
            && tags <= MaxFlagTags && text[end - 1] == CancelTagLow;
        if (!flag)
        {
            scan.AddOriginal(InjectionKinds.InvisibleCharacters, start, end);
            foreach (var kind in scan.ScanNested(hidden.ToString()).Select(s => s.Kind).Distinct())
            {
                scan.AddOriginal(kind, start, end);
            }
        }

        return end;
    }

    private static int ZeroWidthRun(TextScan scan, string text, int start)
    {
        var end = start;
        while (end < text.Length && IsZeroWidth(text[end], end))
        {
            end++;
        }

        var before = start > 0 ? text[start - 1] : ' ';
        var after = end < text.Length ? text[end] : ' ';
        if (end - start >= 2 || (IsAsciiInWord(before) && IsAsciiInWord(after)))
        {
            scan.AddOriginal(InjectionKinds.InvisibleCharacters, start, end);
        }

        return end;
    }

    private static bool IsAsciiInWord(char c) => char.IsAscii(c) && !char.IsWhiteSpace(c) && !char.IsControl(c);

    private static int SoftHyphens(TextScan scan, string text, int start)
    {
        var end = start;
        while (end < text.Length && text[end] == SoftHyphen)
        {
            end++;
        }

        if (end - start >= 2 || CountInWord(text, start) >= SoftHyphensPerWord)
        {
            scan.AddOriginal(InjectionKinds.InvisibleCharacters, start, end);
        }

        return end;
    }

    private static int CountInWord(string text, int index)
    {
        var wordStart = index;
        while (wordStart > 0 && !char.IsWhiteSpace(text[wordStart - 1]))
        {
            wordStart--;
        }

        var wordEnd = index;
        while (wordEnd < text.Length && !char.IsWhiteSpace(text[wordEnd]))
        {
            wordEnd++;
        }

        return text.AsSpan(wordStart, wordEnd - wordStart).Count(SoftHyphen);
    }
}
