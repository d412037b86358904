using System.Buffers;
using System.Globalization;
using System.Text;
using Llama3Siem.Prompts.Templates;

namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// A text with the disguises taken off, and the way back to the original positions. Control characters other
/// than tab, CR and LF and all format characters (zero-width, bidi, soft hyphen, tag characters) are dropped;
/// compatibility forms attackers use to slip past exact matches are folded to ASCII: full-width and half-width
/// forms, small form variants, circled letters, mathematical alphanumerics, look-alike angle brackets and pipes,
/// Cyrillic and Greek look-alikes inside Latin words, and every space separator becomes a plain space.
/// </summary>
/// <remarks>
/// Folding is the neutraliser's (<see cref="CompatibilityFold"/>, NFKC from our own table: the project builds with
/// InvariantGlobalization, where <see cref="string.Normalize(NormalizationForm)"/> leaves text unchanged) plus
/// look-alikes and homoglyphs NFKC keeps. Each folded character remembers the original range it came
/// from, so a span found in the folded text maps back to a span of the original that also covers the
/// dropped characters inside it.
/// </remarks>
internal sealed class FoldedText
{
    /// <summary>
    /// Printable ASCII, tab, CR and LF: each folds to itself (none is invisible, a space other than the plain one,
    /// a compatibility form, a look-alike or a homoglyph), so a text of only these is its own folded form.
    /// </summary>
    private static readonly SearchValues<char> FoldsToItself =
        SearchValues.Create("\t\n\r" + new string([.. Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c)]));

    // Null when the text folds to itself: then every position maps to itself.
    private readonly int[]? _originStarts;
    private readonly int[]? _originEnds;

    private FoldedText(string original, string text, int[]? originStarts, int[]? originEnds)
    {
        Original = original;
        Text = text;
        _originStarts = originStarts;
        _originEnds = originEnds;
    }

    public string Original { get; }

    public string Text { get; }

    /// <summary>The folded form of <paramref name="original"/>; plain ASCII text, most event text, is its own folded form and costs no copy.</summary>
    public static FoldedText Fold(string original) =>
        original.AsSpan().ContainsAnyExcept(FoldsToItself) ? FoldEachCharacter(original) : new FoldedText(original, original, null, null);

    /// <summary>Folds <paramref name="original"/> character by character, with no shortcut for plain text.</summary>
    internal static FoldedText FoldEachCharacter(string original)
    {
        var text = new StringBuilder(original.Length);
        var starts = new List<int>(original.Length);
        var ends = new List<int>(original.Length);
        for (var i = 0; i < original.Length;)
        {
            if (Rune.DecodeFromUtf16(original.AsSpan(i), out var rune, out var width) != OperationStatus.Done)
            {
                // A lone surrogate is kept: it is not a disguise, and dropping it would hide that the text is malformed.
                Append(original[i], i, i + 1);
                i++;
                continue;
            }

            if (rune.IsAscii && (!char.IsControl((char)rune.Value) || rune.Value is '\t' or '\n' or '\r'))
            {
                // Most event text is plain ASCII: it folds to itself.
                Append((char)rune.Value, i, i + 1);
            }
            else
            {
                foreach (var c in Folded(rune))
                {
                    Append(c, i, i + width);
                }
            }

            i += width;
        }

        FoldHomoglyphsInLatinWords(text);
        return new FoldedText(original, text.ToString(), [.. starts], [.. ends]);

        void Append(char c, int start, int end)
        {
            text.Append(c);
            starts.Add(start);
            ends.Add(end);
        }
    }

    /// <summary>The original range that the folded range [<paramref name="start"/>, <paramref name="end"/>) came from.</summary>
    /// <remarks>The range must be non-empty: an empty span marks nothing.</remarks>
    public (int Start, int End) ToOriginal(int start, int end) =>
        _originStarts is null || _originEnds is null ? (start, end) : (_originStarts[start], _originEnds[end - 1]);

    /// <summary>
    /// What one code point reads as: line breaks stay (CR too: forged log lines are a kind), other line separators
    /// become LF, invisible characters vanish (<see cref="UntrustedText.IsInvisible"/>, the neutraliser's own
    /// definition), space separators become a space, compatibility forms fold by NFKC (<see cref="CompatibilityFold"/>:
    /// full-width, small, circled and mathematical forms), and look-alikes NFKC leaves alone become ASCII.
    /// </summary>
    private static string Folded(Rune rune)
    {
        if (rune.Value is 0x85 or 0x2028 or 0x2029)
        {
            return "\n";
        }

        if (UntrustedText.IsInvisible(rune))
        {
            return string.Empty;
        }

        if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator)
        {
            return " ";
        }

        var folded = CompatibilityFold.Of(rune) ?? rune.ToString();
        return folded.Any(c => LookAlike(c) != c) ? string.Concat(folded.Select(LookAlike)) : folded;
    }

    /// <summary>Angle brackets, pipes, quotes and dashes that NFKC keeps as they are but that read as ASCII syntax.</summary>
    private static char LookAlike(char c) => c switch
    {
        '\u2039' or '\u27E8' or '\u3008' or '\u2329' => '<',
        '\u203A' or '\u27E9' or '\u3009' or '\u232A' => '>',
        '\u01C0' or '\u2223' or '\u2502' or '\u05C0' or '\u23D0' => '|',
        '\u2018' or '\u2019' or '\u201B' or '\u2032' => '\'',
        '\u201C' or '\u201D' or '\u201F' or '\u2033' => '"',
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2212' => '-',
        _ => c,
    };

    /// <summary>
    /// Cyrillic and Greek letters that look Latin become Latin where they touch a Latin letter: "ignоre" with a
    /// Cyrillic о is a disguise, while Russian and Greek words, whose neighbours are their own script, stay.
    /// </summary>
    private static void FoldHomoglyphsInLatinWords(StringBuilder text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var latin = Homoglyph(text[i]);
            if (latin != '\0' && ((i > 0 && char.IsAsciiLetter(text[i - 1])) || (i + 1 < text.Length && char.IsAsciiLetter(text[i + 1]))))
            {
                text[i] = latin;
            }
        }
    }

    private static char Homoglyph(char c) => c switch
    {
        'а' => 'a',
        'е' => 'e',
        'о' or 'ο' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        _ => '\0',
    };
}
