using System.Buffers;

namespace Llama3Siem.Prompts.Iocs;

/// <summary>Character sets shared by the IOC scanners and validators.</summary>
internal static class IocCharacters
{
    public static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static readonly SearchValues<char> Ipv6Text = SearchValues.Create("0123456789abcdefABCDEF:.");

    public static readonly SearchValues<char> DigitsAndDots = SearchValues.Create("0123456789.");

    public static readonly SearchValues<char> DigitsDotsAndDashes = SearchValues.Create("0123456789.-");

    /// <summary>First characters of every defang marker: text without any of them needs no refanging.</summary>
    public static readonly SearchValues<char> DefangTriggers = SearchValues.Create("[({\\hHfF");

    /// <summary>
    /// Characters one of which every indicator shorter than a hash contains: '.' (addresses, names, URLs,
    /// e-mail), ':' (IPv6, URLs), '@' (e-mail), '-', '_' and the Unicode dashes (CVE ids), and the brackets
    /// and backslash that start a defang marker standing for one of them (<c>[dot]</c>, <c>(at)</c>, <c>{.}</c>, <c>\.</c>).
    /// </summary>
    public static readonly SearchValues<char> IndicatorMarks =
        SearchValues.Create(".:@-_[({\\\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d");
}
