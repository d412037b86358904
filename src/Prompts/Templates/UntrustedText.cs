using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Templates;

/// <summary>
/// Makes untrusted text (event content, analysts' messages) safe to place inside a prompt's data block:
/// it can never become a special token, close the data block, or act as a chat header.
/// </summary>
/// <remarks>
/// This is the wall that protects remote OpenAI-compatible servers (llama.cpp's server parses special tokens
/// inside message content); the in-process engine also tokenises untrusted text with special-token parsing off.
/// </remarks>
public static partial class UntrustedText
{
    /// <summary>The tags that delimit data in our prompts; content may neither open nor close them.</summary>
    /// <remarks>Kept in step with <see cref="DataBlockTag"/>: the property tests defuse every entry.</remarks>
    public static IReadOnlyList<string> DataBlockTags { get; } =
        ["events", "findings", "incident", "question", "context", "data", "report_figures"];

    private const string TruncationMark = "…[truncated]";

    /// <summary>The longest special-token name that is removed (Llama 3's longest is 29 characters).</summary>
    private const int MaxTokenNameLength = 64;

    /// <summary>
    /// Printable ASCII except <c>&lt;</c> and <c>|</c>, plus tab and newline: text made only of these holds no
    /// token, tag, bracket, control or foldable character, so it skips the full pass (most event fields).
    /// </summary>
    private static readonly SearchValues<char> InertAscii = SearchValues.Create(
        "\t\n" + string.Concat(Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).Where(c => c is not '<' and not '|')));

    /// <summary>
    /// Neutralises <paramref name="text"/> and truncates it to <paramref name="maxChars"/> (marking the cut).
    /// </summary>
    /// <remarks>
    /// Until nothing changes: folds compatibility forms (NFKC, so <c>＜｜eot_id｜＞</c> is <c>&lt;|eot_id|&gt;</c>;
    /// ill-formed UTF-16 becomes U+FFFD), drops invisible characters (controls other than tab and newline,
    /// format characters such as zero-width, bidi and tag characters, and the other default-ignorable ones:
    /// variation selectors, U+034F, Hangul fillers), removes special-token text (<c>&lt;|name|&gt;</c>,
    /// whitespace inside tolerated, nested forms included) and defuses our data-block tags
    /// (<c>&lt;events&gt;</c> becomes <c>[events&gt;</c>). Dropping before matching means a character hidden
    /// inside a token cannot survive as a token. Then any <c>&lt;|</c> or <c>|&gt;</c> left is broken up with a
    /// space. A carriage return becomes a newline (CR LF one newline), so it neither splices words nor
    /// survives as a line break tokens can't see.
    /// </remarks>
    public static string Neutralise(string? text, int maxChars = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxChars);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var clean = text.AsSpan().ContainsAnyExcept(InertAscii) ? Clean(text) : text;
        return Truncate(clean, maxChars);
    }

    private static string Clean(string text)
    {
        // Terminates with no pass limit: after the first pass the text is folded and has nothing invisible, and
        // both steps are idempotent; token removal only shortens and tag defusal swaps a '<' for '[', so each
        // later pass removes a character or a '<', or changes nothing.
        var current = text;
        while (true)
        {
            var next = DefuseDataBlockTags(StripSpecialTokens(FoldAndDropInvisible(current)));
            if (string.Equals(next, current, StringComparison.Ordinal))
            {
                break;
            }

            current = next;
        }

        // Outside the loop because it lengthens the text; a space between '<' and '|' can create no token or tag.
        return current.Replace("<|", "< |", StringComparison.Ordinal).Replace("|>", "| >", StringComparison.Ordinal);
    }

    private static string FoldAndDropInvisible(string text)
    {
        var kept = new StringBuilder(text.Length);
        var afterCarriageReturn = false;
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            // A lone surrogate decodes as U+FFFD (consumed 1), so ill-formed text neither throws nor hides a code point.
            Rune.DecodeFromUtf16(rest, out var rune, out var consumed);
            rest = rest[consumed..];
            if (CompatibilityFold.Of(rune) is { } folded)
            {
                foreach (var part in folded.EnumerateRunes())
                {
                    Keep(kept, part, ref afterCarriageReturn);
                }
            }
            else
            {
                Keep(kept, rune, ref afterCarriageReturn);
            }
        }

        return kept.ToString();
    }

    private static void Keep(StringBuilder kept, Rune rune, ref bool afterCarriageReturn)
    {
        if (rune.Value == '\r')
        {
            kept.Append('\n');
            afterCarriageReturn = true;
            return;
        }

        if (IsInvisible(rune) || (rune.Value == '\n' && afterCarriageReturn))
        {
            // An invisible character between CR and LF leaves them one line break.
            afterCarriageReturn &= rune.Value != '\n';
            return;
        }

        afterCarriageReturn = false;
        Span<char> utf16 = stackalloc char[2];
        kept.Append(utf16[..rune.EncodeToUtf16(utf16)]);
    }

    /// <summary>
    /// Controls other than tab and newline, format characters (Cf: zero-width, bidi, BOM, soft hyphen, tag
    /// characters) and the default-ignorable code points outside Cf; none of them shows, so each could hide
    /// inside a token or tag that a server or model still reads.
    /// </summary>
    internal static bool IsInvisible(Rune rune) =>
        rune.Value is not ('\t' or '\n')
        && (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            || rune.Value is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or (>= 0x180B and <= 0x180F) or 0x2065
                or 0x3164 or (>= 0xFE00 and <= 0xFE0F) or 0xFFA0 or (>= 0xFFF0 and <= 0xFFF8) or (>= 0xE0000 and <= 0xE0FFF));

    /// <summary>
    /// Removes every <c>&lt;|name|&gt;</c> in one left-to-right pass: a token is dropped as soon as its
    /// <c>&gt;</c> arrives, so one that the removal reassembles (<c>&lt;|&lt;|eot_id|&gt;eot_id|&gt;</c>) ends at a
    /// later <c>&gt;</c> and is dropped in turn. Linear, where repeating a regex costs the nesting depth per pass.
    /// </summary>
    private static string StripSpecialTokens(string text)
    {
        if (!text.Contains("<|", StringComparison.Ordinal))
        {
            return text;
        }

        var kept = new char[text.Length];
        var length = 0;
        foreach (var c in text)
        {
            kept[length++] = c;
            if (c == '>' && SpecialTokenStart(kept.AsSpan(0, length)) is var start and >= 0)
            {
                length = start;
            }
        }

        return new string(kept, 0, length);
    }

    /// <summary>Where the special token that <paramref name="kept"/> ends with starts, or -1.</summary>
    private static int SpecialTokenStart(ReadOnlySpan<char> kept)
    {
        var i = kept.Length - 2;
        if (i < 0 || kept[i] != '|')
        {
            return -1;
        }

        i = SkipWhiteSpaceBackwards(kept, i - 1);
        var nameEnd = i;
        while (i >= 0 && nameEnd - i <= MaxTokenNameLength && (char.IsAsciiLetterOrDigit(kept[i]) || kept[i] is '_' or '-'))
        {
            i--;
        }

        if (nameEnd - i is < 1 or > MaxTokenNameLength)
        {
            return -1;
        }

        i = SkipWhiteSpaceBackwards(kept, i);
        return i >= 1 && kept[i] == '|' && kept[i - 1] == '<' ? i - 1 : -1;
    }

    private static int SkipWhiteSpaceBackwards(ReadOnlySpan<char> text, int i)
    {
        while (i >= 0 && char.IsWhiteSpace(text[i]))
        {
            i--;
        }

        return i;
    }

    private static string DefuseDataBlockTags(string text) =>
        text.Contains('<', StringComparison.Ordinal) ? DataBlockTag().Replace(text, m => "[" + m.Value[1..]) : text;

    private static string Truncate(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var cut = maxChars > 0 && char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars;
        return string.Concat(text.AsSpan(0, cut), TruncationMark);
    }

    /// <summary>
    /// A data-block tag's opening: <c>&lt;</c>, optional <c>/</c>, a name from <see cref="DataBlockTags"/>, any case,
    /// whitespace tolerated. Each <c>\s*</c> is followed by something that is not whitespace, so it backtracks linearly.
    /// </summary>
    [GeneratedRegex(@"<\s*(?:/\s*)?(?:events|findings|incident|question|context|data|report_figures)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DataBlockTag();
}
