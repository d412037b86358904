using System.Buffers;
using System.Globalization;
using System.Text;

namespace Llama3Siem.Prompts.Iocs;

/// <summary>
/// Validates <c>scheme://[userinfo@]host[:port][/path][?query][#fragment]</c> and normalises it: scheme and
/// host lower-case, an IPv6 host in brackets and compressed form, a domain's trailing dot removed, everything
/// else kept as written. The host must be a domain with a delegated or reserved TLD, an IPv4 or an IPv6
/// address; single-label hosts (<c>http://intranet/</c>, <c>http://localhost/</c>) are not indicators.
/// A URL written without a scheme (<c>evil.example/path</c>) keeps that form: no scheme is guessed, since
/// the writer's text is what an analyst searches for.
/// </summary>
internal static class UrlParser
{
    public const int MaxUrlLength = 4096;

    private static readonly string[] Schemes = ["http", "https", "ftp", "ftps", "sftp", "ws", "wss"];

    private static readonly SearchValues<char> AuthorityEnd = SearchValues.Create("/?#");

    public static bool IsSupportedScheme(ReadOnlySpan<char> scheme)
    {
        foreach (var candidate in Schemes)
        {
            if (scheme.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Parses a URL with a supported scheme, or one without a scheme written <c>domain[:port]/path</c>
    /// (a domain host, no user info, and a path of at least one character after the slash).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> url, out ParsedUrl? parsed)
    {
        parsed = null;
        if (url.Length > MaxUrlLength)
        {
            return false;
        }

        // A "://" after the first slash belongs to a URL nested in the path or query of a scheme-less one.
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0 || url.IndexOf('/') < separator)
        {
            return TryParseAfterScheme(url, string.Empty, 0, out parsed);
        }

        return separator > 0
            && IsSupportedScheme(url[..separator])
            && TryParseAfterScheme(url, string.Concat(url[..separator].ToString().ToLowerInvariant(), "://"), separator + 3, out parsed);
    }

    private static bool TryParseAfterScheme(ReadOnlySpan<char> url, string scheme, int authorityStart, out ParsedUrl? parsed)
    {
        parsed = null;
        var afterScheme = url[authorityStart..];
        var authorityLength = afterScheme.IndexOfAny(AuthorityEnd);
        if (authorityLength < 0)
        {
            authorityLength = afterScheme.Length;
        }

        var authority = afterScheme[..authorityLength];
        var tail = afterScheme[authorityLength..];
        var at = authority.LastIndexOf('@');
        var userInfo = at >= 0 ? authority[..(at + 1)] : [];
        var hostAndPort = authority[(at + 1)..];
        if (userInfo.ContainsAny(' ', '\t'))
        {
            return false;
        }

        if (!TrySplitHostAndPort(hostAndPort, out var host, out var port, out var bracketed)
            || !TryNormalizeHost(host, bracketed, out var hostIoc))
        {
            return false;
        }

        // Without a scheme only domain/path is taken for a URL: an address with a path is as often a
        // CIDR block (10.0.0.0/8) as a location, and a bare name or user@host is no URL at all.
        if (scheme.Length == 0 && (hostIoc.Type != IocType.Domain || !userInfo.IsEmpty || tail.Length < 2 || tail[0] != '/'))
        {
            return false;
        }

        var text = new StringBuilder(url.Length + 2)
            .Append(scheme)
            .Append(userInfo)
            .Append(hostIoc.Type == IocType.Ipv6 ? $"[{hostIoc.Value}]" : hostIoc.Value);
        if (!port.IsEmpty)
        {
            text.Append(':').Append(port);
        }

        text.Append(tail);
        parsed = new ParsedUrl(text.ToString(), hostIoc, authorityStart + userInfo.Length + (bracketed ? 1 : 0), authorityStart + authorityLength);
        return true;
    }

    private static bool TrySplitHostAndPort(ReadOnlySpan<char> hostAndPort, out ReadOnlySpan<char> host, out ReadOnlySpan<char> port, out bool bracketed)
    {
        host = [];
        port = [];
        bracketed = hostAndPort.StartsWith('[');
        ReadOnlySpan<char> afterHost;
        if (bracketed)
        {
            var close = hostAndPort.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            host = hostAndPort[1..close];
            afterHost = hostAndPort[(close + 1)..];
        }
        else
        {
            var colon = hostAndPort.IndexOf(':');
            host = colon < 0 ? hostAndPort : hostAndPort[..colon];
            afterHost = colon < 0 ? [] : hostAndPort[colon..];
        }

        if (afterHost.IsEmpty)
        {
            return !host.IsEmpty;
        }

        if (afterHost[0] != ':')
        {
            return false;
        }

        port = afterHost[1..];
        return !host.IsEmpty
            && port.Length is >= 1 and <= 5
            && port.IndexOfAnyExceptInRange('0', '9') < 0
            && int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture) <= 65535;
    }

    private static bool TryNormalizeHost(ReadOnlySpan<char> host, bool bracketed, out Ioc hostIoc)
    {
        hostIoc = null!;
        if (bracketed)
        {
            // A zone index in a URL is written %25zone (RFC 6874); it is not part of the address.
            var zone = host.IndexOf('%');
            if (zone >= 0)
            {
                host = host[..zone];
            }

            if (!IpAddressRules.TryParseIpv6(host, out var ipv6, out var address))
            {
                return false;
            }

            hostIoc = new Ioc(IocType.Ipv6, ipv6, IpAddressRules.IsInternalIpv6(address!));
            return true;
        }

        if (host.IndexOfAnyExcept(IocCharacters.DigitsAndDots) < 0)
        {
            if (!IpAddressRules.TryParseIpv4(host, out var ipv4, out var value))
            {
                return false;
            }

            hostIoc = new Ioc(IocType.Ipv4, ipv4, IpAddressRules.IsInternalIpv4(value));
            return true;
        }

        if (!DomainRules.TryNormalize(host, out var domain))
        {
            return false;
        }

        hostIoc = new Ioc(IocType.Domain, domain, DomainRules.IsInternal(domain));
        return true;
    }
}
