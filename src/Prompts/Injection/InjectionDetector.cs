using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// Recognises prompt-injection text in security events: text addressed to an automated analyst rather than
/// evidence of what happened. Deterministic, pure, safe to share between threads; never throws on any text.
/// </summary>
/// <remarks>
/// <para>Each field's text is scanned as given and in a folded form (control and format characters dropped,
/// full-width and other compatibility forms folded to ASCII; see <see cref="FoldedText"/>), so spaced,
/// zero-width-split or full-width tokens and phrases are found; spans always refer to the original text.</para>
/// <para>Precision comes first. An order counts when it has an instruction verb standing where an order
/// stands (at the start of a clause, after "please", "and", "you must" ...) and a target that only a model
/// has: its earlier instructions, the model itself (AI, LLM, GPT, assistant, automated analyst ...), its
/// verdict (false positive, informational, do not escalate beside a claim of approval), its output (your
/// summary, our JSON keys), an indicator to be listed as the command server, a ticket to cite as the
/// resolution, a tool to call or a URL to send the analysis to. English, Spanish, German, French,
/// Portuguese, Russian and Chinese phrasings are known. Structural kinds need no verb: chat-template tokens,
/// forged turn headers, line breaks that forge log records, invisible characters, filler runs, and base64
/// that decodes to any of the above.</para>
/// <para>Spans: an order covers its whole sentence (the indicator it plants is in it), or, beside a claim in
/// the sentence before, both sentences; a header addressed to the model ("NOTE TO AI:") and a template token
/// cover the rest of their line; a forged turn header covers its turn; a base64 run, an invisible run, a
/// filler run cover themselves. Evidence in other sentences of the same field stays outside.</para>
/// <para>Cost: regular expressions run with a match timeout (a pattern that times out gives up on that text
/// only), at most <see cref="MaxScannedChars"/> characters of a field are scanned (its head and its last
/// <see cref="ScannedTailChars"/>), and decoded payloads are scanned at most <see cref="MaxDecodeDepth"/>
/// levels deep. Most field values are short tokens (ids, times, paths, addresses) that no rule can match: a rule
/// runs only on text that holds what every one of its matches holds (its <see cref="Prerequisite"/>: two words,
/// a pipe, a line break ...), read once per text, and plain ASCII text is not copied to be folded.</para>
/// </remarks>
public sealed class InjectionDetector
{
    /// <summary>The most characters of one field that are scanned: 64 Ki.</summary>
    public const int MaxScannedChars = 65_536;

    /// <summary>Of a longer field, how many characters at its end are scanned besides its head: an order placed after filler sits there.</summary>
    public const int ScannedTailChars = 16_384;

    /// <summary>How many levels of decoded payload (base64 in base64, tag text) are scanned.</summary>
    public const int MaxDecodeDepth = 2;

    /// <summary>The match timeout of each regular expression of <see cref="Default"/>.</summary>
    public static readonly TimeSpan DefaultMatchTimeout = TimeSpan.FromMilliseconds(250);

    private readonly IInjectionRule[] _rules;
    private readonly bool _skipsRulesThatCannotMatch;
    private readonly Func<string, int, IReadOnlyList<InjectionSpan>> _scanDecoded;

    /// <param name="matchTimeout">The match timeout of each regular expression.</param>
    /// <param name="skipsRulesThatCannotMatch">
    /// False runs every rule on every text, folded character by character: the reference that tests hold the
    /// shortcuts to.
    /// </param>
    internal InjectionDetector(TimeSpan matchTimeout, bool skipsRulesThatCannotMatch = true)
    {
        _skipsRulesThatCannotMatch = skipsRulesThatCannotMatch;
        _scanDecoded = ScanDecoded;
        var patterns = new PatternFactory(matchTimeout);
        _rules =
        [
            .. ChatMarkupPhrases.Rules(patterns),
            .. EnglishPhrases.Rules(patterns),
            .. SpanishPhrases.Book.Rules(patterns),
            .. GermanPhrases.Book.Rules(patterns),
            .. FrenchPhrases.Book.Rules(patterns),
            .. PortuguesePhrases.Book.Rules(patterns),
            .. RussianPhrases.Book.Rules(patterns),
            .. ChinesePhrases.Book.Rules(patterns),
            .. LogForgeryPhrases.Rules(patterns),
            new OutputForgeryRule(patterns),
            new InvisibleCharacterRule(),
            new ContextFloodingRule(),
            new EncodedPayloadRule(),
        ];
    }

    /// <summary>The shared detector, with <see cref="DefaultMatchTimeout"/>.</summary>
    public static InjectionDetector Default { get; } = new(DefaultMatchTimeout);

    /// <summary>
    /// The injection spans in one text, sorted by start; overlapping or touching spans of one kind are merged.
    /// Spans of different kinds may overlap. Empty for null or empty text.
    /// </summary>
    public IReadOnlyList<InjectionSpan> Scan(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        if (text.Length <= MaxScannedChars)
        {
            return ScanText(text, 0);
        }

        var tailStart = text.Length - ScannedTailChars;
        var head = ScanText(text[..(MaxScannedChars - ScannedTailChars)], 0);
        var tail = ScanText(text[tailStart..], 0).Select(s => s with { Start = s.Start + tailStart });
        return Merge([.. head, .. tail]);
    }

    /// <summary>
    /// The findings of an event: one per raw field (<see cref="SecurityEvent.Fields"/>, verbatim) that holds
    /// injection, in field order, then one per normalised value that no raw field holds verbatim (named host,
    /// user, process_name, command_line, parent_process_name, rule_name, action, message).
    /// </summary>
    public IReadOnlyList<InjectionFinding> Scan(SecurityEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var findings = new List<InjectionFinding>();
        foreach (var (field, value) in evt.Fields)
        {
            AddFinding(findings, field, value);
        }

        var rawValues = evt.Fields.Values.ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in NormalisedValues(evt))
        {
            if (value is not null && !rawValues.Contains(value))
            {
                AddFinding(findings, name, value);
            }
        }

        return findings;
    }

    private void AddFinding(List<InjectionFinding> findings, string field, string value)
    {
        var spans = Scan(value);
        if (spans.Count > 0)
        {
            findings.Add(new InjectionFinding(field, spans));
        }
    }

    /// <summary>The normalised values of an event, by the names findings give them when no raw field holds them.</summary>
    internal static IEnumerable<(string Name, string? Value)> NormalisedValues(SecurityEvent evt)
    {
        yield return ("host", evt.Host);
        yield return ("user", evt.User);
        yield return ("process_name", evt.ProcessName);
        yield return ("command_line", evt.CommandLine);
        yield return ("parent_process_name", evt.ParentProcessName);
        yield return ("rule_name", evt.RuleName);
        yield return ("action", evt.Action);
        yield return ("message", evt.Message);
    }

    /// <summary>The rules, in the order they run.</summary>
    internal IReadOnlyList<IInjectionRule> Rules => _rules;

    private IReadOnlyList<InjectionSpan> ScanText(string text, int depth)
    {
        var folded = _skipsRulesThatCannotMatch ? FoldedText.Fold(text) : FoldedText.FoldEachCharacter(text);
        var features = _skipsRulesThatCannotMatch ? TextFeatureReader.Read(folded) : TextFeatures.All;
        var scan = new TextScan(folded, depth, _scanDecoded);
        foreach (var rule in _rules)
        {
            if (rule.Needs.IsMetBy(features))
            {
                rule.Find(scan);
            }
        }

        return scan.Spans.Count == 0 ? [] : Merge(scan.Spans);
    }

    private IReadOnlyList<InjectionSpan> ScanDecoded(string decoded, int depth) =>
        depth > MaxDecodeDepth || decoded.Length == 0 ? [] : ScanText(decoded.Length > MaxScannedChars ? decoded[..MaxScannedChars] : decoded, depth);

    private static List<InjectionSpan> Merge(IEnumerable<InjectionSpan> spans)
    {
        var merged = new List<InjectionSpan>();
        foreach (var group in spans.GroupBy(s => s.Kind, StringComparer.Ordinal))
        {
            InjectionSpan? current = null;
            foreach (var span in group.OrderBy(s => s.Start))
            {
                if (current is not null && span.Start <= current.End)
                {
                    current = current with { Length = Math.Max(current.End, span.End) - current.Start };
                    continue;
                }

                if (current is not null)
                {
                    merged.Add(current);
                }

                current = span;
            }

            merged.Add(current!);
        }

        merged.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Kind, b.Kind));
        return merged;
    }
}
