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
}
