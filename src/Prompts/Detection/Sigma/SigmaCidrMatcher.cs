using System.Net;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary><c>|cidr</c>: the value is an IPv4 or IPv6 address inside the network.</summary>
internal sealed class SigmaCidrMatcher(IPNetwork network) : ISigmaValueMatcher
{
    public bool Matches(string value) => IPAddress.TryParse(value, out var address) && network.Contains(address);
}
