namespace Llama3Siem.Prompts.Iocs;

/// <summary>
/// An indicator found in event text. <see cref="Value"/> is normalised: refanged, domains, e-mail domains
/// and hashes lower-case, CVE ids upper-case.
/// </summary>
/// <param name="Internal">True for private, loopback, link-local and other reserved addresses (and URLs/hosts on them).</param>
public sealed record Ioc(IocType Type, string Value, bool Internal = false);
