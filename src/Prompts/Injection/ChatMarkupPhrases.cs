namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// Chat-template markup in event text: special tokens and forged turn headers. Matched on folded text, so a
/// token spelled with spaces, control or zero-width characters inside, or in full-width forms, is still a token;
/// HTML-escaped and \u-escaped angle brackets count too.
/// </summary>
internal static class ChatMarkupPhrases
{
    private const string Open = @"(?:<|&lt;|\\u003c)\s*\|";
    private const string Close = @"\|\s*(?:>|&gt;|\\u003e)";

    // Every token opens with a pipe (look-alike pipes are folded to '|').
    private static readonly Prerequisite Pipe = new(TextFeatures.Pipe);

    public static IEnumerable<PhraseRule> Rules(PatternFactory patterns)
    {
        // Any <|name|>: Llama 3, ChatML, Zephyr and other templates all spell their control tokens this way.
        yield return new(InjectionKinds.SpecialToken, Pipe, patterns.Create($@"{Open}\s*[a-z_][a-z0-9_\s]{{1,40}}{Close}"), SpanExtent.Line);
        // "[INST]" opens with '[', "<<SYS>>" with '<'.
        yield return new(InjectionKinds.SpecialToken, new(TextFeatures.None, TextFeatures.LeftBracket | TextFeatures.LessThan), patterns.Create(@"\[\s*/?\s*INST\s*\]|<<\s*/?\s*SYS\s*>>"), SpanExtent.Line);

        // A forged turn: everything up to the next template token is the attacker's message.
        yield return new(InjectionKinds.RoleHeader, Pipe, patterns.Create(
            $@"{Open}\s*start\s*_\s*header\s*_\s*id\s*{Close}\s*(?:system|assistant|user|ipython|tool|developer)\s*{Open}\s*end\s*_\s*header\s*_\s*id\s*{Close}"),
            SpanExtent.Turn);
        yield return new(InjectionKinds.RoleHeader, Pipe, patterns.Create($@"{Open}\s*im\s*_\s*start\s*{Close}\s*(?:system|assistant|user|tool|developer)\b"), SpanExtent.Turn);

        // "### System:": hashes, then a colon.
        yield return new(InjectionKinds.RoleHeader, new(TextFeatures.Hash | TextFeatures.Colon), patterns.Create(
            @"(?:^|(?<=[\n\r]))[ \t]*#{2,4}[ \t]*(?:system|instructions?|response|assistant|input|user)[ \t]*:"),
            SpanExtent.Line);

        // A role line after a line break forges a new turn; at the very start of a field it must also read as an order.
        // The line break the first looks behind for is in the text too.
        yield return new(InjectionKinds.RoleHeader, new(TextFeatures.LineBreak | TextFeatures.Colon), patterns.Create(@"(?<=[\n\r])[ \t]*(?:system|assistant|developer)[ \t]*:[ \t]*\S"), SpanExtent.Line);
        yield return new(InjectionKinds.RoleHeader, new(TextFeatures.Colon), patterns.Create(
            @"^[ \t]*(?:system|assistant|developer)[ \t]*:[ \t]*(?:you\b|your\b|ignore|disregard|forget|new\s+(?:instructions|rules|task)|from\s+now|mark\b|classify|list\b|report\b|respond|output\b|the\s+(?:analyst|assistant|model)\b)"),
            SpanExtent.Line);

        // The Llama 3.1 token that opens a tool call.
        yield return new(InjectionKinds.ToolOrExfiltration, Pipe, patterns.Create($@"{Open}\s*python\s*_\s*tag\s*{Close}"), SpanExtent.Line);
    }
}
