using System.Text;
using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// A rule's string value with its wildcards told apart from literal text: <c>*</c> is any run of characters,
/// <c>?</c> one character; <c>\*</c>, <c>\?</c> and <c>\\</c> are the literal characters, and a backslash
/// before anything else is itself (so <c>C:\Windows\</c> needs no escaping), as Sigma 2 specifies.
/// </summary>
internal sealed class SigmaString
{
    // Wildcards are kept as these two private-use characters inside Text, which no rule writes literally
    // (escaped * and ? stay as themselves), so transformations can work on a single string.
    private const char AnyRun = '\uE000';
    private const char AnyOne = '\uE001';

    private const int MaxPermutedFlags = 3;

    private static readonly char[] Dashes = ['-', '/', '\u2013', '\u2014', '\u2015'];

    private SigmaString(string text) => Text = text;

    /// <summary>The value with wildcards as private-use markers.</summary>
    private string Text { get; }

    public bool HasWildcards => Text.AsSpan().IndexOfAny(AnyRun, AnyOne) >= 0;

    /// <summary>The literal text; only meaningful where <see cref="HasWildcards"/> is false.</summary>
    public string Literal => Text;

    public static SigmaString Parse(string raw)
    {
        var text = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length && raw[i + 1] is '*' or '?' or '\\')
            {
                text.Append(raw[++i]);
            }
            else
            {
                text.Append(c switch { '*' => AnyRun, '?' => AnyOne, _ => c });
            }
        }

        return new SigmaString(text.ToString());
    }

    public static SigmaString Plain(string literal) => new(literal);

    /// <summary>
    /// <c>|windash</c>: the value with each flag dash written as any of <c>-</c>, <c>/</c>, en dash, em dash and
    /// horizontal bar. A dash or slash opens a flag at the start of the value, after white space, or after a
    /// wildcard (<c>*-enc</c>); inside a word it is part of a name (<c>Get-Process</c>, <c>C:/x</c>) and stays.
    /// </summary>
    public IReadOnlyList<SigmaString> WindashVariants()
    {
        var positions = new List<int>();
        for (var i = 0; i < Text.Length; i++)
        {
            if (Text[i] is '-' or '/' && (i == 0 || char.IsWhiteSpace(Text[i - 1]) || Text[i - 1] is AnyRun or AnyOne))
            {
                positions.Add(i);
            }
        }

        // Every combination up to three flags (125 values); beyond that one dash per variant, since a command
        // line mixes dash styles only when someone types it by hand.
        var variants = new List<char[]> { Text.ToCharArray() };
        if (positions.Count > MaxPermutedFlags)
        {
            variants = Dashes.Select(d =>
            {
                var chars = Text.ToCharArray();
                positions.ForEach(p => chars[p] = d);
                return chars;
            }).ToList();
        }
        else
        {
            foreach (var position in positions)
            {
                variants = variants.SelectMany(v => Dashes.Select(d =>
                {
                    var chars = (char[])v.Clone();
                    chars[position] = d;
                    return chars;
                })).ToList();
            }
        }

        return variants.Select(v => new SigmaString(new string(v))).ToList();
    }

    /// <summary>The matcher for this value: plain comparisons without wildcards, a linear-time regex with them.</summary>
    public ISigmaValueMatcher ToMatcher(SigmaTextMatch kind, bool cased)
    {
        if (!HasWildcards)
        {
            return new SigmaTextMatcher(Text, kind, cased);
        }

        var pattern = new StringBuilder();
        if (kind is SigmaTextMatch.Whole or SigmaTextMatch.StartsWith)
        {
            pattern.Append(@"\A");
        }

        foreach (var c in Text)
        {
            pattern.Append(c switch
            {
                AnyRun => ".*",
                AnyOne => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        if (kind is SigmaTextMatch.Whole or SigmaTextMatch.EndsWith)
        {
            pattern.Append(@"\z");
        }

        // NonBacktracking: wildcard patterns need no lookarounds, and it keeps matching linear in the value.
        var options = RegexOptions.NonBacktracking | RegexOptions.Singleline | RegexOptions.CultureInvariant
            | (cased ? RegexOptions.None : RegexOptions.IgnoreCase);
        return new SigmaRegexMatcher(new Regex(pattern.ToString(), options), LongestLiteralRun());
    }

    /// <summary>The longest stretch of text between wildcards: every value the pattern matches contains it.</summary>
    private string LongestLiteralRun() => Text.Split([AnyRun, AnyOne]).MaxBy(run => run.Length) ?? string.Empty;
}
