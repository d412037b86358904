using System.Buffers;

namespace Llama3Siem.Prompts.Iocs;

/// <summary>
/// The parts of an e-mail address the extractor and the normaliser share: the local part (dot-atom of
/// letters, digits and <c>. _ % + -</c>, at most 64 characters, no leading, trailing or doubled dot) and
/// the address literal of RFC 5321 (<c>[192.0.2.1]</c>, <c>[IPv6:2001:db8::1]</c>) written instead of a domain.
/// </summary>
internal static class EmailAddresses
{
    public const int MaxLocalPartLength = 64;

    /// <summary>"[IPv6:" + the longest IPv6 text + "]".</summary>
    public const int MaxAddressLiteralLength = 7 + IpAddressRules.MaxIpv6TextLength;

    private const string Ipv6Tag = "IPv6:";

    private static readonly SearchValues<char> LocalPartChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-");

    public static bool IsLocalPartChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    public static bool IsValidLocalPart(ReadOnlySpan<char> local) =>
        local.Length is >= 1 and <= MaxLocalPartLength
        && local[0] != '.'
        && local[^1] != '.'
        && !local.Contains("..", StringComparison.Ordinal)
        && !local.ContainsAnyExcept(LocalPartChars);

    /// <summary>
    /// Parses <c>[a.b.c.d]</c> or <c>[IPv6:…]</c> (tag in any case) and returns it in normal form (IPv4
    /// dotted quad, tag written <c>IPv6:</c>, IPv6 compressed) with the address as its own indicator.
    /// </summary>
    public static bool TryParseAddressLiteral(ReadOnlySpan<char> literal, out string normalized, out Ioc address)
    {
        normalized = string.Empty;
        address = null!;
        if (literal.Length is < 9 or > MaxAddressLiteralLength || literal[0] != '[' || literal[^1] != ']')
        {
            return false;
        }

        var inner = literal[1..^1];
        if (inner.StartsWith(Ipv6Tag, StringComparison.OrdinalIgnoreCase))
        {
            if (!IpAddressRules.TryParseIpv6(inner[Ipv6Tag.Length..], out var ipv6, out var parsed))
            {
                return false;
            }

            normalized = $"[{Ipv6Tag}{ipv6}]";
            address = new Ioc(IocType.Ipv6, ipv6, IpAddressRules.IsInternalIpv6(parsed!));
            return true;
        }

        if (!IpAddressRules.TryParseIpv4(inner, out var ipv4, out var value))
        {
            return false;
        }

        normalized = $"[{ipv4}]";
        address = new Ioc(IocType.Ipv4, ipv4, IpAddressRules.IsInternalIpv4(value));
        return true;
    }

    /// <summary>Whether a normalised address is internal: by its literal's address or its domain.</summary>
    public static bool IsInternal(string normalized)
    {
        var domain = normalized[(normalized.LastIndexOf('@') + 1)..];
        return TryParseAddressLiteral(domain, out _, out var address) ? address.Internal : DomainRules.IsInternal(domain);
    }
}
