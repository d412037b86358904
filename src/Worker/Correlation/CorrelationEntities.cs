using System.Net;
using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Worker.Correlation;

/// <summary>
/// The entities that tie events together: host, user and network addresses, as lower-case keys. Built-in
/// service accounts, machine accounts and loopback/unspecified addresses are left out: every host shares
/// them, so they would join unrelated activity into one incident.
/// </summary>
internal static class CorrelationEntities
{
    private static readonly HashSet<string> SharedAccounts = new(StringComparer.OrdinalIgnoreCase)
    {
        "system", "local service", "network service", "anonymous logon", "localsystem", "dwm-1", "umfd-0", "umfd-1",
        "nt authority\\system", "nt authority\\local service", "nt authority\\network service", "root", "-",
    };

    public static IReadOnlyList<string> Of(SecurityEvent evt)
    {
        var keys = new List<string>(4);
        if (!string.IsNullOrWhiteSpace(evt.Host))
        {
            keys.Add("host:" + ShortHost(evt.Host));
        }

        if (!string.IsNullOrWhiteSpace(evt.User) && IsPersonOrServiceAccount(evt.User))
        {
            keys.Add("user:" + AccountName(evt.User));
        }

        foreach (var address in new[] { evt.SourceAddress, evt.DestinationAddress })
        {
            if (IsDistinctiveAddress(address))
            {
                keys.Add("ip:" + address!.Trim().ToLowerInvariant());
            }
        }

        return keys;
    }

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

    private static bool IsDistinctiveAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || !IPAddress.TryParse(address.Trim(), out var ip))
        {
            return false;
        }

        return !IPAddress.IsLoopback(ip)
               && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any) && !ip.Equals(IPAddress.Broadcast)
               && !(ip.IsIPv6Multicast || (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && ip.GetAddressBytes()[0] >= 224));
    }
}
