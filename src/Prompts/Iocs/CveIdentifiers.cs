namespace Llama3Siem.Prompts.Iocs;

/// <summary>
/// Reads CVE ids as people write them and returns the canonical <c>CVE-YYYY-NNNN</c>. The prefix is any
/// letter case; after it comes a hyphen, an underscore, a space or a Unicode dash (word processors and
/// chat tools replace the ASCII hyphen); between year and sequence number only a hyphen, an underscore or a
/// Unicode dash, since "CVE 2023 12345" reads as a count as often as an id. The year is 1999 (the first
/// assigned) or later; the sequence number has 4 or more digits (CVE ids have had more than 4 since 2014).
/// </summary>
internal static class CveIdentifiers
{
    /// <summary>"CVE", separator, 4-digit year, separator, 4 digits: the shortest id as written.</summary>
    public const int MinLength = 13;

    /// <summary>"CVE", separator, year, separator and the longest sequence number taken.</summary>
    public const int MaxLength = 9 + MaxSequenceDigits;

    // Sequence numbers are assigned per year and have 7 digits at most today; 19 keeps the bound generous.
    private const int MaxSequenceDigits = 19;

    private const int FirstYear = 1999;

    /// <summary>
    /// True when <paramref name="text"/> starts with a CVE id; <paramref name="length"/> is how many
    /// characters it spans. The caller checks what comes before and after.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> text, out string normalized, out int length)
    {
        normalized = string.Empty;
        length = 0;
        if (text.Length < MinLength
            || !text.StartsWith("CVE", StringComparison.OrdinalIgnoreCase)
            || !(IsSeparator(text[3]) || text[3] == ' ')
            || text[4..8].IndexOfAnyExceptInRange('0', '9') >= 0
            || !IsSeparator(text[8]))
        {
            return false;
        }

        var digits = text[9..].IndexOfAnyExceptInRange('0', '9');
        if (digits < 0)
        {
            digits = text.Length - 9;
        }

        var year = int.Parse(text[4..8], System.Globalization.CultureInfo.InvariantCulture);
        if (digits is < 4 or > MaxSequenceDigits || year < FirstYear)
        {
            return false;
        }

        length = 9 + digits;
        normalized = string.Concat("CVE-", text[4..8], "-", text.Slice(9, digits));
        return true;
    }

    /// <summary>Characters that may join the parts of an id: hyphen, underscore and the Unicode dashes.</summary>
    public static bool IsSeparator(char c) => c is '-' or '_' or (>= '\u2010' and <= '\u2015') or '\u2212' or '\ufe63' or '\uff0d';
}
