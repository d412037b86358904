namespace Llama3Siem.Prompts.Iocs;

/// <summary>
/// Validates and normalises one indicator value of a known type, such as a value a model claims to have
/// found. The value is trimmed and refanged first; the normal form is the one <see cref="IocExtractor"/>
/// reports, so a verified claim can be compared with the extracted set by plain string equality.
/// </summary>
public static class IocNormalizer
{
    /// <summary>
    /// True and the normal form when <paramref name="value"/> is a valid indicator of <paramref name="type"/>:
    /// IPv4 as four decimal octets; IPv6 compressed lower-case (brackets and zone index dropped); domains
    /// lower-case without a trailing dot, with a delegated or reserved TLD; URLs with a supported scheme
    /// and a valid host, or without a scheme as <c>domain[:port]/path</c>; e-mail lower-case, with a domain or
    /// an address literal (<c>[192.0.2.1]</c>, <c>[IPv6:2001:db8::1]</c>); hashes lower-case hex of exactly
    /// 32/40/64 characters; CVE ids upper-case <c>CVE-YYYY-NNNN</c> (as <see cref="CveIdentifiers"/> reads
    /// them). Never throws.
    /// </summary>
    public static bool TryNormalize(IocType type, string value, out string normalized)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(value) || value.Length > UrlParser.MaxUrlLength)
        {
            return false;
        }

        var text = Defanging.Refang(value.Trim());
        var result = type switch
        {
            IocType.Ipv4 => IpAddressRules.TryParseIpv4(text, out var ipv4, out _) ? ipv4 : null,
            IocType.Ipv6 => NormalizeIpv6(text),
            IocType.Domain => DomainRules.TryNormalize(text, out var domain) ? domain : null,
            IocType.Url => UrlParser.TryParse(text, out var url) ? url!.Normalized : null,
            IocType.Email => NormalizeEmail(text),
            IocType.Md5 => NormalizeHash(text, 32),
            IocType.Sha1 => NormalizeHash(text, 40),
            IocType.Sha256 => NormalizeHash(text, 64),
            IocType.Cve => NormalizeCve(text),
            _ => null,
        };

        if (result is null)
        {
            return false;
        }

        normalized = result;
        return true;
    }

    /// <summary>True when an IPv4/IPv6/domain/URL/e-mail value (already normalised) is private or reserved.</summary>
    public static bool IsInternal(IocType type, string normalized)
    {
        switch (type)
        {
            case IocType.Ipv4:
                return IpAddressRules.TryParseIpv4(normalized, out _, out var address) && IpAddressRules.IsInternalIpv4(address);
            case IocType.Ipv6:
                return IpAddressRules.TryParseIpv6(normalized, out _, out var ipv6) && IpAddressRules.IsInternalIpv6(ipv6!);
            case IocType.Domain:
                return DomainRules.IsInternal(normalized);
            case IocType.Url:
                return UrlParser.TryParse(normalized, out var url) && url!.Host.Internal;
            case IocType.Email:
                return normalized.Contains('@', StringComparison.Ordinal) && EmailAddresses.IsInternal(normalized);
            default:
                return false;
        }
    }

    private static string? NormalizeIpv6(string text)
    {
        var span = text.AsSpan();
        if (span.StartsWith('[') && span.EndsWith(']'))
        {
            span = span[1..^1];
        }

        var zone = span.IndexOf('%');
        if (zone >= 0)
        {
            span = span[..zone];
        }

        return IpAddressRules.TryParseIpv6(span, out var canonical, out _) ? canonical : null;
    }

    private static string? NormalizeEmail(string text)
    {
        var at = text.LastIndexOf('@');
        if (at <= 0 || !EmailAddresses.IsValidLocalPart(text.AsSpan(0, at)))
        {
            return null;
        }

        var local = text[..at].ToLowerInvariant();
        var domain = text.AsSpan(at + 1);
        if (EmailAddresses.TryParseAddressLiteral(domain, out var literal, out _))
        {
            return string.Concat(local, "@", literal);
        }

        return DomainRules.TryNormalize(domain, out var name) ? string.Concat(local, "@", name) : null;
    }

    private static string? NormalizeHash(string text, int length) =>
        text.Length == length && text.AsSpan().IndexOfAnyExcept(IocCharacters.HexDigits) < 0
            ? text.ToLowerInvariant()
            : null;

    private static string? NormalizeCve(string text) =>
        CveIdentifiers.TryRead(text, out var cve, out var length) && length == text.Length ? cve : null;
}
