using System.Text.Json;
using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// Text that closes or imitates the JSON the model answers with (keys summary, severity, iocs, techniques,
/// mitigations, confidence).
/// </summary>
/// <remarks>
/// <para>Inside free text (a field that is not itself one JSON value), it is forgery when one of our keys
/// follows a closing run such as <c>"}]},</c> (the text tries to end our object and start its own fields), or
/// when two or more of our keys appear and the object reads as our answer rather than an application's: it has
/// one of the keys only our answer has (iocs, techniques, mitigations, confidence), or a severity that
/// downgrades (informational, none, benign), or a summary that claims benignity. Alerting tools write
/// <c>{"summary":"Disk full","severity":"high"}</c> too, which none of these match. The span runs from the
/// closing run or the opening brace to the end of the line.</para>
/// <para>A field that is wholly one JSON value is an application's own record; it is forgery only when it
/// carries three of our keys, among them summary and iocs or mitigations, the shape of our answer and of no
/// common log format. Then the whole field is the span.</para>
/// </remarks>
internal sealed class OutputForgeryRule(PatternFactory patterns) : IInjectionRule
{
    private const string Keys = "(?<key>summary|severity|iocs|techniques|mitigations|confidence)";
    private const string Quote = @"\\?[""']";
    private const int MaxBraceLookBack = 40;

    private readonly Regex _breakout = patterns.Create($@"{Quote}?[ \t]*[}}\]]+[\s,}}\]]*,[ \t]*{Quote}{Keys}{Quote}[ \t]*:");
    private readonly Regex _key = patterns.Create($@"{Quote}{Keys}{Quote}[ \t]*:");
    private readonly Regex _downgrade = patterns.Create(
        $@"{Quote}severity{Quote}[ \t]*:[ \t]*{Quote}(?:informational|info|none|benign|false[ _-]?positive){Quote}|{Quote}summary{Quote}[ \t]*:[ \t]*{Quote}[^""']{{0,200}}{PhraseFragments.Claim}");

    private static readonly string[] AnswerOnlyKeys = ["iocs", "techniques", "mitigations", "confidence"];

    /// <summary>Nothing is forged without one of our keys, which <see cref="_key"/> finds quoted and followed by a colon.</summary>
    public Prerequisite Needs { get; } = new(TextFeatures.Quote | TextFeatures.Colon);

    public void Find(TextScan scan)
    {
        var text = scan.Text.Text;
        var keys = PatternFactory.Matches(_key, text);
        if (keys.Count == 0)
        {
            return;
        }

        var distinct = keys.Select(k => k.Groups["key"].Value.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        if (IsWholeJson(text))
        {
            if (distinct.Count >= 3 && distinct.Contains("summary") && (distinct.Contains("iocs") || distinct.Contains("mitigations")))
            {
                scan.AddFolded(InjectionKinds.OutputForgery, 0, text.Length);
            }

            return;
        }

        foreach (var breakout in PatternFactory.Matches(_breakout, text))
        {
            if (ClosesOnlyWhatItOpened(text, breakout))
            {
                continue;
            }

            scan.AddFolded(InjectionKinds.OutputForgery, breakout.Index, TextExtents.LineEnd(text, breakout.Index + breakout.Length));
        }

        if (distinct.Count >= 2 && (AnswerOnlyKeys.Any(distinct.Contains) || PatternFactory.IsMatch(_downgrade, text, 0, text.Length)))
        {
            var first = keys[0].Index;
            var brace = text.LastIndexOf('{', first, Math.Min(first + 1, MaxBraceLookBack));
            var start = brace >= 0 && !ContainsLineBreak(text, brace, first) ? brace : first;
            scan.AddFolded(InjectionKinds.OutputForgery, start, TextExtents.LineEnd(text, keys[^1].Index + keys[^1].Length));
        }
    }

    /// <summary>
    /// Nested JSON in an ordinary log closes braces it opened earlier in the same text; a breakout closes
    /// braces that were opened outside the field, in the prompt around it.
    /// </summary>
    private static bool ClosesOnlyWhatItOpened(string text, Match breakout)
    {
        var open = 0;
        foreach (var c in text.AsSpan(0, breakout.Index))
        {
            open += c switch
            {
                '{' or '[' => 1,
                '}' or ']' => -1,
                _ => 0,
            };
        }

        var closing = breakout.ValueSpan.Count('}') + breakout.ValueSpan.Count(']');
        return open >= closing;
    }

    private static bool ContainsLineBreak(string text, int start, int end) =>
        text.AsSpan(start, end - start).IndexOfAny('\n', '\r') >= 0;

    private static bool IsWholeJson(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty || trimmed[0] is not ('{' or '['))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
