using System.Net;
using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Worker.Correlation;

/// <summary>
/// The entities that tie events together: host, user and network addresses, as lower-case keys. Entities that
/// everything shares are left out, because they would join unrelated activity into one incident: built-in
/// service and machine accounts, loopback and unspecified addresses, the sensor that observed a network event
/// (a Suricata <c>host</c> is the sensor, not a party to the traffic), the domain controller on which every
/// account's Kerberos and NTLM validations are logged, and servers of infrastructure protocols (DNS, Kerberos,
/// LDAP, NTP, DHCP) as destinations.
/// </summary>
internal static class CorrelationEntities
{
    private static readonly HashSet<string> CredentialValidationEvents = new(StringComparer.Ordinal) { "4768", "4769", "4770", "4771", "4776" };

    private static readonly HashSet<int> InfrastructurePorts = [53, 67, 68, 88, 123, 389, 464, 636, 3268, 3269, 5353];

    private static readonly HashSet<string> SharedAccounts = new(StringComparer.OrdinalIgnoreCase)
    {
        "system", "local service", "network service", "anonymous logon", "localsystem", "dwm-1", "umfd-0", "umfd-1",
        "nt authority\\system", "nt authority\\local service", "nt authority\\network service", "root", "-",
    };

    public static bool IsUser(string key) => key.StartsWith("user:", StringComparison.Ordinal);

    public static bool IsHost(string key) => key.StartsWith("host:", StringComparison.Ordinal);

    /// <summary>
    /// The event's entity keys. A private destination address is marked weak: servers that many people reach (a
    /// file server, an internal web app) would chain everyone's activity together, so such an address only
    /// links an event that has no host, user or source address of its own (an IDS alert about the server).
    /// </summary>
    public static IReadOnlyList<CorrelationEntity> Of(SecurityEvent evt)
    {
        var keys = new List<CorrelationEntity>(4);
        if (!string.IsNullOrWhiteSpace(evt.Host) && HostTakesPart(evt))
        {
            keys.Add(new("host:" + ShortHost(evt.Host), Weak: false));
        }

        if (!string.IsNullOrWhiteSpace(evt.User) && IsPersonOrServiceAccount(evt.User))
        {
            keys.Add(new("user:" + AccountName(evt.User), Weak: false));
        }

        if (DistinctiveAddress(evt.SourceAddress) is not null)
        {
            keys.Add(new("ip:" + evt.SourceAddress!.Trim().ToLowerInvariant(), Weak: false));
        }

        if (DistinctiveAddress(evt.DestinationAddress) is { } destination && !(evt.DestinationPort is { } port && InfrastructurePorts.Contains(port)))
        {
            keys.Add(new("ip:" + evt.DestinationAddress!.Trim().ToLowerInvariant(), Weak: IsPrivate(destination)));
        }

        return keys;
    }

    private static bool HostTakesPart(SecurityEvent evt) =>
        evt.Format != EventFormats.SuricataEve
        && !(evt.Action is { } code && CredentialValidationEvents.Contains(code))
        && !(evt.Fields.TryGetValue("event.code", out var ecsCode) && CredentialValidationEvents.Contains(ecsCode));

    /// <summary><c>WS-FIN-07.corp.example</c> and <c>ws-fin-07</c> are the same host.</summary>
    private static string ShortHost(string host)
    {
        var trimmed = host.Trim().ToLowerInvariant();
        var dot = trimmed.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && !IPAddress.TryParse(trimmed, out _) ? trimmed[..dot] : trimmed;
    }

    /// <summary><c>CORP\alice</c>, <c>alice@corp.example</c> and <c>alice</c> are the same account.</summary>
    private static string AccountName(string user)
    {
        var name = user.Trim().ToLowerInvariant();
        var slash = name.LastIndexOf('\\');
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
        }

        var at = name.IndexOf('@', StringComparison.Ordinal);
        return at > 0 ? name[..at] : name;
    }

    private static bool IsPersonOrServiceAccount(string user)
    {
        var trimmed = user.Trim();
        return !SharedAccounts.Contains(trimmed)
               && !SharedAccounts.Contains(AccountName(trimmed))
               && !trimmed.EndsWith('$');
    }

    private static bool IsPrivate(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return ip.IsIPv6LinkLocal || ip.IsIPv6UniqueLocal || ip.IsIPv6SiteLocal;
        }

        var b = ip.GetAddressBytes();
        return b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168)
               || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] is >= 64 and <= 127);
    }

    /// <summary>The parsed address when it may tie events together; null for non-addresses and addresses everyone shares.</summary>
    private static IPAddress? DistinctiveAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || !IPAddress.TryParse(address.Trim(), out var ip))
        {
            return null;
        }

        var shared = IPAddress.IsLoopback(ip)
                     || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) || ip.Equals(IPAddress.Broadcast)
                     || ip.IsIPv6Multicast || (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && ip.GetAddressBytes()[0] >= 224);
        return shared ? null : ip;
    }
}
