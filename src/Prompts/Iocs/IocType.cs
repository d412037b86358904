namespace Llama3Siem.Prompts.Iocs;

/// <summary>Kinds of indicator of compromise. Serialised by <see cref="IocTypeNames"/> in lower case.</summary>
public enum IocType
{
    Ipv4,
    Ipv6,
    Domain,
    Url,
    Email,
    Md5,
    Sha1,
    Sha256,
    Cve,
}
