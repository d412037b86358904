using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Llama3Siem.Prompts.Iocs;

/// <summary>Strict parsing, canonical text and the private/reserved ranges of IP addresses.</summary>
internal static class IpAddressRules
{
    // The longest IPv6 text (eight groups, or six groups and a dotted quad) is 45 characters.
    internal const int MaxIpv6TextLength = 45;

    private static readonly (uint Network, int PrefixLength)[] InternalIpv4Ranges =
    [
        (Ipv4(0, 0, 0, 0), 8),
        (Ipv4(10, 0, 0, 0), 8),
        (Ipv4(100, 64, 0, 0), 10),
        (Ipv4(127, 0, 0, 0), 8),
        (Ipv4(169, 254, 0, 0), 16),
        (Ipv4(172, 16, 0, 0), 12),
        (Ipv4(192, 0, 0, 0), 24),
        (Ipv4(192, 0, 2, 0), 24),
        (Ipv4(192, 168, 0, 0), 16),
        (Ipv4(198, 18, 0, 0), 15),
        (Ipv4(198, 51, 100, 0), 24),
        (Ipv4(203, 0, 113, 0), 24),
        (Ipv4(224, 0, 0, 0), 4),
        (Ipv4(240, 0, 0, 0), 4),
        (Ipv4(255, 255, 255, 255), 32),
    ];

    /// <summary>
    /// Parses exactly four decimal octets 0-255 separated by dots (up to three digits each, leading zeros
    /// read as decimal) and returns the canonical dotted quad. Shorthand forms such as <c>10.1</c> are refused.
    /// </summary>
    public static bool TryParseIpv4(ReadOnlySpan<char> text, out string canonical, out uint address)
    {
        canonical = string.Empty;
        address = 0;
        var octetCount = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != '.')
            {
                if (!char.IsAsciiDigit(text[i]))
                {
                    return false;
                }

                continue;
            }

            var length = i - start;
            if (length is < 1 or > 3 || octetCount == 4)
            {
                return false;
            }

            var value = int.Parse(text.Slice(start, length), NumberStyles.None, CultureInfo.InvariantCulture);
            if (value > 255)
            {
                return false;
            }

            address = (address << 8) | (uint)value;
            octetCount++;
            start = i + 1;
        }

        if (octetCount != 4)
        {
            return false;
        }

        canonical = string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}");
        return true;
    }

    public static bool IsInternalIpv4(uint address)
    {
        foreach (var (network, prefixLength) in InternalIpv4Ranges)
        {
            var mask = prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);
            if ((address & mask) == network)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Parses an IPv6 address made only of hex digits, colons and an optional dotted-quad tail (a zone index
    /// must already be stripped) and returns its RFC 5952 compressed lower-case text.
    /// </summary>
    public static bool TryParseIpv6(ReadOnlySpan<char> text, out string canonical, out IPAddress? address)
    {
        canonical = string.Empty;
        address = null;
        if (text.Length is < 2 or > MaxIpv6TextLength || text.IndexOf(':') < 0 || text.IndexOfAnyExcept(IocCharacters.Ipv6Text) >= 0)
        {
            return false;
        }

        if (!IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6 || parsed.ScopeId != 0)
        {
            return false;
        }

        address = parsed;
        canonical = parsed.ToString();
        return true;
    }

    public static bool IsInternalIpv6(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            var mapped = address.MapToIPv4();
            Span<byte> bytes = stackalloc byte[4];
            mapped.TryWriteBytes(bytes, out _);
            return IsInternalIpv4(BinaryPrimitives.ReadUInt32BigEndian(bytes));
        }

        Span<byte> raw = stackalloc byte[16];
        address.TryWriteBytes(raw, out _);
        if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Loopback))
        {
            return true;
        }

        return (raw[0] & 0xFE) == 0xFC // fc00::/7 unique local
            || (raw[0] == 0xFE && (raw[1] & 0xC0) == 0x80) // fe80::/10 link-local
            || raw[0] == 0xFF // ff00::/8 multicast
            || (raw[0] == 0x20 && raw[1] == 0x01 && raw[2] == 0x0D && raw[3] == 0xB8); // 2001:db8::/32 documentation
    }

    private static uint Ipv4(byte a, byte b, byte c, byte d) => ((uint)a << 24) | ((uint)b << 16) | ((uint)c << 8) | d;
}
