using System.Security.Cryptography;
using System.Text;

namespace Llama3Siem.Prompts.Enrichment;

/// <summary>
/// Incident ids derive from the set of member event ids (order-free), so the same events always make the
/// same document id and a replay overwrites instead of duplicating.
/// </summary>
public static class IncidentIds
{
    public static string For(IEnumerable<string> eventIds)
    {
        var canonical = string.Join('\n', eventIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return "inc-" + Convert.ToHexStringLower(hash)[..24];
    }
}
