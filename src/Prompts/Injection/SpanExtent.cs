namespace Llama3Siem.Prompts.Injection;

/// <summary>How far the span of a recognised phrase reaches beyond the phrase itself.</summary>
internal enum SpanExtent
{
    /// <summary>Only the matched text (a base64 run, an invisible run).</summary>
    Match,

    /// <summary>The whole sentence holding the match: an order's object (the IOC it plants) is in the same sentence.</summary>
    Sentence,

    /// <summary>From the start of the sentence to the end of its line: an override disowns what came before, so what follows it on the line is the attacker's new instruction.</summary>
    SentenceToLineEnd,

    /// <summary>From the match to the end of its line (or of the next non-blank line when the rest is blank): a header addressed to the model governs what follows it.</summary>
    Line,

    /// <summary>From the match to the next chat-template token or the end of the text: everything in a forged turn is the attacker's.</summary>
    Turn,
}
