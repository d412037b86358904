namespace Llama3Siem.Prompts.Iocs;

/// <summary>The wire names of <see cref="IocType"/>: <c>ipv4</c>, <c>ipv6</c>, <c>domain</c>, ...</summary>
public static class IocTypeNames
{
    public static string ToName(this IocType type) => type switch
    {
        IocType.Ipv4 => "ipv4",
        IocType.Ipv6 => "ipv6",
        IocType.Domain => "domain",
        IocType.Url => "url",
        IocType.Email => "email",
        IocType.Md5 => "md5",
        IocType.Sha1 => "sha1",
        IocType.Sha256 => "sha256",
        IocType.Cve => "cve",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool TryParse(string? name, out IocType type)
    {
        foreach (var candidate in Enum.GetValues<IocType>())
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}
