using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Llama3Siem.Prompts.Templates;

namespace Llama3Siem.Prompts.Tests.Templates;

/// <summary>
/// Generated attacks on <see cref="UntrustedText.Neutralise"/>: every special token and data-block tag, with
/// every dangerous character inserted at every position, and random runs, lookalikes, nesting and wrapping.
/// The seed is fixed (and printed) so a failure reproduces.
/// </summary>
public sealed class UntrustedTextPropertyTests(ITestOutputHelper output)
{
    private const int Seed = 20260320;
    private const int RandomCases = 30_000;

    /// <summary>Characters no output may hold: invisible ones the neutraliser drops, and lookalikes it folds.</summary>
    private static readonly string[] Forbidden = [.. InvisibleCharacters(), .. "＜｜＞﹤﹥／\r".Select(c => c.ToString())];

    /// <summary>What an attacker splices into a token or tag: every invisible character, plus whitespace and lookalikes.</summary>
    private static readonly string[] Dangerous = [.. Forbidden, "\t", "\n", "\u00a0", "\u3000", "\ufe31", "\uff3f", "\u2024", "\ufffd"];

    private static readonly Dictionary<char, string[]> Lookalikes = new()
    {
        ['<'] = ["＜", "﹤"],
        ['|'] = ["｜"],
        ['>'] = ["＞", "﹥"],
        ['/'] = ["／"],
    };

    private static readonly string[] Benign =
        ["", "user alice ", "logon failed: ", "a < b ", " | ", "日志 ", "Ошибка ", "😀", "\t", "C:\\tmp\\x ", "<", "|", ">", "<b>", "{\"k\":1}", "/"];

    private static readonly Regex StrictToken = new(@"<\|\s*[A-Za-z0-9_\-]+\s*\|>", RegexOptions.CultureInvariant);

    private static readonly Regex AnyDataBlockTag = new(
        $@"<\s*/?\s*(?:{string.Join('|', UntrustedText.DataBlockTags)})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Every named token, the first and last reserved ones, and each data-block tag opened and closed.</summary>
    private static readonly string[] ExhaustiveTargets =
    [
        .. Llama3ChatFormat.SpecialTokenTexts.Take(8),
        .. new[] { 0, 1, 2, 3, Llama3ChatFormat.ReservedSpecialTokenCount - 1 }.Select(Llama3ChatFormat.ReservedSpecialToken),
        .. TagForms(),
    ];

    private static readonly string[] AllTargets = [.. Llama3ChatFormat.SpecialTokenTexts, .. TagForms()];

    private int _cases;

    [Fact]
    public void No_output_holds_a_special_token_a_data_block_tag_or_an_invisible_character()
    {
        var random = new Random(Seed);
        foreach (var target in ExhaustiveTargets)
        {
            foreach (var dangerous in Dangerous)
            {
                for (var position = 0; position <= target.Length; position++)
                {
                    Check(target.Insert(position, dangerous));
                }
            }

            foreach (var (index, lookalike) in Substitutions(target))
            {
                Check(string.Concat(target.AsSpan(0, index), lookalike, target.AsSpan(index + 1)));
            }
        }

        for (var i = 0; i < RandomCases; i++)
        {
            Check(RandomAttack(random));
        }

        output.WriteLine($"seed {Seed}: {_cases} generated cases ({ExhaustiveTargets.Length} targets exhaustively, "
            + $"{Dangerous.Length} dangerous characters, {RandomCases} random attacks over {AllTargets.Length} targets)");
        Assert.True(_cases >= 10_000);
    }

    private static string RandomAttack(Random random)
    {
        var attack = new StringBuilder(AllTargets[random.Next(AllTargets.Length)]);
        if (attack[1] != '|')
        {
            RandomiseTag(attack, random);
        }

        if (random.Next(3) == 0)
        {
            // Nesting: the removal of the inner copy must not reassemble the outer one.
            var inner = attack.ToString();
            attack.Insert(random.Next(1, inner.Length), inner);
        }

        for (var index = 0; index < attack.Length; index++)
        {
            if (Lookalikes.TryGetValue(attack[index], out var forms) && random.Next(3) == 0)
            {
                attack.Remove(index, 1).Insert(index, forms[random.Next(forms.Length)]);
            }
            else if (char.IsAsciiLetterOrDigit(attack[index]) && random.Next(6) == 0)
            {
                // The full-width letter or digit (U+FF01 to U+FF5E shadow U+0021 to U+007E).
                attack[index] = (char)(attack[index] + 0xFEE0);
            }
        }

        for (var insertions = random.Next(1, 4); insertions > 0; insertions--)
        {
            var run = new StringBuilder();
            for (var length = random.Next(1, 6); length > 0; length--)
            {
                run.Append(Dangerous[random.Next(Dangerous.Length)]);
            }

            attack.Insert(SafePosition(attack, random.Next(attack.Length + 1)), run);
        }

        return Benign[random.Next(Benign.Length)] + attack + Benign[random.Next(Benign.Length)];
    }

    /// <summary>Any case, and whitespace after the '&lt;' and the '/', which the defusal tolerates.</summary>
    private static void RandomiseTag(StringBuilder tag, Random random)
    {
        for (var i = 0; i < tag.Length; i++)
        {
            tag[i] = random.Next(2) == 0 ? char.ToUpperInvariant(tag[i]) : tag[i];
        }

        var nameStart = tag[1] == '/' ? 2 : 1;
        tag.Insert(nameStart, new string(' ', random.Next(3)));
        tag.Insert(1, new string(' ', random.Next(3)));
    }

    /// <summary>A position that does not split a surrogate pair already in the text.</summary>
    private static int SafePosition(StringBuilder text, int position) =>
        position > 0 && position < text.Length && char.IsLowSurrogate(text[position]) ? position - 1 : position;

    private static IEnumerable<(int Index, string Lookalike)> Substitutions(string target) =>
        target.SelectMany((c, i) => Lookalikes.TryGetValue(c, out var forms) ? forms.Select(f => (i, f)) : []);

    private static IEnumerable<string> TagForms() => UntrustedText.DataBlockTags.SelectMany(t => new[] { $"<{t}>", $"</{t}>" });

    /// <summary>
    /// Controls other than tab and newline, every format character in any plane (tag characters, zero-width,
    /// bidi, BOM, soft hyphen), and default-ignorable ones outside Cf (variation selectors, U+034F, Hangul fillers).
    /// </summary>
    private static IEnumerable<string> InvisibleCharacters()
    {
        for (var codePoint = 0; codePoint <= 0x10FFFF; codePoint++)
        {
            if (Rune.IsValid(codePoint) && codePoint is not ('\t' or '\n' or '\r')
                && Rune.GetUnicodeCategory(new Rune(codePoint)) is UnicodeCategory.Control or UnicodeCategory.Format)
            {
                yield return char.ConvertFromUtf32(codePoint);
            }
        }

        foreach (var codePoint in (int[])[0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x3164, 0xFE00, 0xFE0E, 0xFE0F, 0xFFA0, 0xE0100, 0xE01EF])
        {
            yield return char.ConvertFromUtf32(codePoint);
        }
    }

    private void Check(string input)
    {
        _cases++;
        var result = UntrustedText.Neutralise(input);
        var problem =
            result.Contains("<|", StringComparison.Ordinal) || result.Contains("|>", StringComparison.Ordinal) ? "a token bracket"
            : StrictToken.IsMatch(result) ? "a special token"
            : AnyDataBlockTag.IsMatch(result) ? "a data-block tag"
            : Forbidden.FirstOrDefault(f => result.Contains(f, StringComparison.Ordinal)) is { } forbidden ? $"U+{char.ConvertToUtf32(forbidden, 0):X4}"
            : !string.Equals(UntrustedText.Neutralise(result), result, StringComparison.Ordinal) ? "text a second pass changes"
            : null;
        if (problem is not null)
        {
            Assert.Fail($"seed {Seed}: {Escape(input)} became {Escape(result)}, which holds {problem}");
        }
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));
}
