using System.Globalization;
using System.Text;

namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// A text with the disguises taken off, and the way back to the original positions. Control characters other
/// than tab, CR and LF and all format characters (zero-width, bidi, soft hyphen, tag characters) are dropped;
/// compatibility forms attackers use to slip past exact matches are folded to ASCII: full-width and half-width
/// forms, small form variants, circled letters, mathematical alphanumerics, look-alike angle brackets and pipes,
/// Cyrillic and Greek look-alikes inside Latin words, and every space separator becomes a plain space.
/// </summary>
/// <remarks>
/// This is a hand-made subset of NFKC: the project builds with InvariantGlobalization, where
/// <see cref="string.Normalize(NormalizationForm)"/> leaves text unchanged, and a fixed table also keeps the
/// detector's answers the same on every machine. Each folded character remembers the original range it came
/// from, so a span found in the folded text maps back to a span of the original that also covers the
/// dropped characters inside it.
/// </remarks>
internal sealed class FoldedText
{
    private readonly int[] _originStarts;
    private readonly int[] _originEnds;

    private FoldedText(string original, string text, int[] originStarts, int[] originEnds)
    {
        Original = original;
        Text = text;
        _originStarts = originStarts;
        _originEnds = originEnds;
    }

    public string Original { get; }

    public string Text { get; }

    public static FoldedText Fold(string original)
    {
        var text = new StringBuilder(original.Length);
        var starts = new List<int>(original.Length);
        var ends = new List<int>(original.Length);
        for (var i = 0; i < original.Length; i++)
        {
            var width = 1;
            char folded;
            if (char.IsHighSurrogate(original[i]) && i + 1 < original.Length && char.IsLowSurrogate(original[i + 1]))
            {
                width = 2;
                var codePoint = char.ConvertToUtf32(original[i], original[i + 1]);
                if (!TryFoldSupplementary(codePoint, out folded))
                {
                    if (!IsDropped(CharUnicodeInfo.GetUnicodeCategory(codePoint)))
                    {
                        Append(original[i], i, i + 1);
                        Append(original[i + 1], i + 1, i + 2);
                    }

                    i++;
                    continue;
                }
            }
            else if (!TryFold(original[i], out folded))
            {
                continue;
            }

            Append(folded, i, i + width);
            i += width - 1;
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
    public (int Start, int End) ToOriginal(int start, int end) => (_originStarts[start], _originEnds[end - 1]);

    private static bool TryFold(char c, out char folded)
    {
        folded = c;
        if (c is '\t' or '\n' or '\r')
        {
            return true;
        }

        if (c is '\u0085' or '\u2028' or '\u2029')
        {
            folded = '\n';
            return true;
        }

        if (char.IsSurrogate(c))
        {
            // A lone surrogate is kept: it is not a disguise, and dropping it would hide that the text is malformed.
            return true;
        }

        var category = char.GetUnicodeCategory(c);
        if (IsDropped(category))
        {
            return false;
        }

        if (category == UnicodeCategory.SpaceSeparator)
        {
            folded = ' ';
            return true;
        }

        folded = c switch
        {
            >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
            '\uFF61' => '.',
            >= '\u24B6' and <= '\u24CF' => (char)('A' + (c - '\u24B6')),
            >= '\u24D0' and <= '\u24E9' => (char)('a' + (c - '\u24D0')),
            >= '\uFE50' and <= '\uFE6B' => SmallForm(c),
            '\u2039' or '\u27E8' or '\u3008' or '\u2329' or '\uFE64' => '<',
            '\u203A' or '\u27E9' or '\u3009' or '\u232A' or '\uFE65' => '>',
            '\u01C0' or '\u2223' or '\u2502' or '\uFFE8' or '\u05C0' or '\u23D0' => '|',
            '\u2018' or '\u2019' or '\u201B' or '\u2032' => '\'',
            '\u201C' or '\u201D' or '\u201F' or '\u2033' => '"',
            '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2212' => '-',
            _ => c,
        };
        return true;
    }

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

    private static bool IsDropped(UnicodeCategory category) =>
        category is UnicodeCategory.Control or UnicodeCategory.Format;

    private static char SmallForm(char c) => c switch
    {
        '\uFE50' => ',',
        '\uFE52' => '.',
        '\uFE54' => ';',
        '\uFE55' => ':',
        '\uFE56' => '?',
        '\uFE57' => '!',
        '\uFE59' => '(',
        '\uFE5A' => ')',
        '\uFE5B' => '{',
        '\uFE5C' => '}',
        '\uFE5F' => '#',
        '\uFE60' => '&',
        '\uFE61' => '*',
        '\uFE62' => '+',
        '\uFE63' => '-',
        '\uFE66' => '=',
        '\uFE68' => '\\',
        '\uFE69' => '$',
        '\uFE6A' => '%',
        '\uFE6B' => '@',
        _ => c,
    };

    /// <summary>Mathematical alphanumerics (bold, italic, script ... letters and digits) become ASCII.</summary>
    private static bool TryFoldSupplementary(int codePoint, out char folded)
    {
        const int LettersStart = 0x1D400;
        const int LettersEnd = 0x1D6A3;
        const int DigitsStart = 0x1D7CE;
        const int DigitsEnd = 0x1D7FF;
        const int AlphabetLetters = 52;
        const int Latin = 26;
        const int Digits = 10;
        if (codePoint is >= LettersStart and <= LettersEnd)
        {
            var index = (codePoint - LettersStart) % AlphabetLetters;
            folded = index < Latin ? (char)('A' + index) : (char)('a' + index - Latin);
            return true;
        }

        if (codePoint is >= DigitsStart and <= DigitsEnd)
        {
            folded = (char)('0' + ((codePoint - DigitsStart) % Digits));
            return true;
        }

        folded = '\0';
        return false;
    }
}
