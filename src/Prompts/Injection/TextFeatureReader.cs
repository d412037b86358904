namespace Llama3Siem.Prompts.Injection;

/// <summary>Reads the <see cref="TextFeatures"/> of a folded text in one pass, without allocating.</summary>
internal static class TextFeatureReader
{
    private const int LongWordLetters = 4;
    private const char FirstCjk = '\u2E80';

    public static TextFeatures Read(FoldedText text)
    {
        var features = text.Original.AsSpan().ContainsAnyExceptInRange('\0', '\u007F') ? TextFeatures.NonAsciiBeforeFolding : TextFeatures.None;
        var folded = text.Text;
        var letterSeen = false;
        var spaceAfterLetter = false;
        var letterRun = 0;
        var base64Run = 0;
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            base64Run = EncodedPayloadRule.IsBase64Char(c) ? base64Run + 1 : 0;
            if (base64Run >= EncodedPayloadRule.MinRunChars)
            {
                features |= TextFeatures.Base64Run;
            }

            if (char.IsLetter(c))
            {
                features |= spaceAfterLetter ? TextFeatures.Words : TextFeatures.None;
                features |= ++letterRun >= LongWordLetters ? TextFeatures.LongWord : TextFeatures.None;
                letterSeen = true;
                continue;
            }

            letterRun = 0;
            if (char.IsWhiteSpace(c))
            {
                spaceAfterLetter |= letterSeen;
            }

            features |= c switch
            {
                '\n' or '\r' => TextFeatures.LineBreak,
                '|' => TextFeatures.Pipe,
                '<' => TextFeatures.LessThan,
                '[' => TextFeatures.LeftBracket,
                '#' => TextFeatures.Hash,
                ':' when i + 2 < folded.Length && folded[i + 1] == '/' && folded[i + 2] == '/' => TextFeatures.Colon | TextFeatures.UrlScheme,
                ':' => TextFeatures.Colon,
                ',' => TextFeatures.Comma,
                '-' or '\u2014' => TextFeatures.Dash,
                '"' or '\'' => TextFeatures.Quote,
                '%' => TextFeatures.Percent,
                '\\' => TextFeatures.Backslash,
                '_' => TextFeatures.Underscore,
                _ => TextFeatures.None,
            };
        }

        // Scripts are read with vectorised searches, once for the whole text, rather than tested per character.
        if (folded.AsSpan().ContainsAnyExceptInRange('\0', '\u007F'))
        {
            features |= TextFeatures.NonAscii;
            features |= folded.AsSpan().ContainsAnyInRange(FirstCjk, char.MaxValue) ? TextFeatures.Cjk : TextFeatures.None;
        }

        return features;
    }
}
