namespace Llama3Siem.Prompts.Verification;

/// <summary>
/// Whether a claimed value occurs in event text as a whole indicator, not as part of a longer one:
/// <c>1.2.3.4</c> occurs in "from 1.2.3.4:443" but not in "11.2.3.45", and <c>evil.com</c> not in "notevil.com".
/// </summary>
internal static class EvidenceText
{
    public static bool Occurs(string text, string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        for (var at = text.IndexOf(value, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + value.Length;
            var startsClean = at == 0 || !IsIndicatorChar(text[at - 1]);
            // A dot after the value ends a sentence unless a label follows it ("1.2.3.4." yes, "1.2.3.4.5" no).
            var endsClean = end == text.Length
                            || (text[end] == '.'
                                ? end + 1 == text.Length || !char.IsAsciiLetterOrDigit(text[end + 1])
                                : !IsIndicatorChar(text[end]));
            if (startsClean && endsClean)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIndicatorChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_';
}
