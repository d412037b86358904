namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// What a folded text holds, read in one pass (<see cref="TextFeatureReader"/>), that some rules cannot match
/// without. Each rule states what it needs as a <see cref="Prerequisite"/>; a rule whose needs the text lacks is
/// not run, which is what makes the detector cheap on the short tokens most fields hold (ids, times, paths).
/// </summary>
[Flags]
internal enum TextFeatures
{
    None = 0,

    /// <summary>A letter, later white space, later a letter (<see cref="char.IsLetter(char)"/>, <see cref="char.IsWhiteSpace(char)"/>): at least two words.</summary>
    Words = 1 << 0,

    /// <summary>A run of at least four letters.</summary>
    LongWord = 1 << 1,

    /// <summary>A character outside ASCII.</summary>
    NonAscii = 1 << 2,

    /// <summary>A character at or above U+2E80, where the CJK blocks begin (surrogates, and so every supplementary character, count too).</summary>
    Cjk = 1 << 3,

    /// <summary>A character outside ASCII in the original text, before folding dropped or replaced it.</summary>
    NonAsciiBeforeFolding = 1 << 4,

    /// <summary>CR or LF.</summary>
    LineBreak = 1 << 5,

    /// <summary>A run of at least <see cref="EncodedPayloadRule.MinRunChars"/> base64 characters.</summary>
    Base64Run = 1 << 6,

    /// <summary>"://".</summary>
    UrlScheme = 1 << 7,

    Pipe = 1 << 8,
    LessThan = 1 << 9,
    LeftBracket = 1 << 10,
    Hash = 1 << 11,
    Colon = 1 << 12,
    Comma = 1 << 13,

    /// <summary>A hyphen-minus or an em dash (U+2014, which folding keeps).</summary>
    Dash = 1 << 14,

    /// <summary>A double or single quote.</summary>
    Quote = 1 << 15,
    Percent = 1 << 16,
    Backslash = 1 << 17,
    Underscore = 1 << 18,

    /// <summary>Every feature: what the detector assumes when it is told not to skip rules.</summary>
    All = ~None,
}
