using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// Decides which texts are IP addresses and which numbers are ports. Addresses keep the source's own
/// spelling (so later checks still find them in the raw text), except that an IPv4-mapped IPv6 address
/// ("::ffff:10.1.2.3", as Kerberos events write it) becomes its IPv4 form. Loopback addresses are kept:
/// they are true (a local logon), and telling them apart is the IOC extractor's business.
/// </summary>
internal static class NetworkAddresses
{
    public static string? Address(string? text)
    {
        var value = FlattenedRecord.Meaningful(text);
        if (value is null)
        {
            return null;
        }

        if (value.Contains(':', StringComparison.Ordinal))
        {
            if (!IPAddress.TryParse(value, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return null;
            }

            return v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4().ToString() : value;
        }

        // IPAddress.TryParse also takes "1.2" or "17" (legacy inet_aton forms); events never mean those.
        var parts = value.Split('.');
        if (parts.Length != 4)
        {
            return null;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit)
                || int.Parse(part, CultureInfo.InvariantCulture) > 255)
            {
                return null;
            }
        }

        return value;
    }

    /// <summary>The first text among <paramref name="candidates"/> that is an address.</summary>
    public static string? FirstAddress(params ReadOnlySpan<string?> candidates)
    {
        foreach (var candidate in candidates)
        {
            var address = Address(candidate);
            if (address is not null)
            {
                return address;
            }
        }

        return null;
    }

    /// <summary>A port 1-65535; 0 (Windows' "no port") and anything else mean absent.</summary>
    public static int? Port(string? text)
    {
        var value = FlattenedRecord.Meaningful(text);
        return value is not null
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is > 0 and <= 65535
            ? port
            : null;
    }

    public static int? FirstPort(params ReadOnlySpan<string?> candidates)
    {
        foreach (var candidate in candidates)
        {
            var port = Port(candidate);
            if (port is not null)
            {
                return port;
            }
        }

        return null;
    }
}
