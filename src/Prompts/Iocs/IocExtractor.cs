namespace Llama3Siem.Prompts.Iocs;

/// <summary>
/// Finds indicators of compromise in free event text, deterministically and in linear time.
/// </summary>
/// <remarks>
/// The text is refanged first (<see cref="Defanging"/>), then scanned by hand-written passes (no regular
/// expressions, so no backtracking): URLs, IPv6, dotted runs (IPv4, domains, e-mail), hex runs (hashes),
/// CVE ids. Results are distinct by type and value, in order of first occurrence, normalised as
/// <see cref="IocNormalizer"/> does. A URL also yields its host; an e-mail yields only itself; names inside
/// a URL's path or query are not reported (hashes and CVE ids there are). Precision rules:
/// <list type="bullet">
/// <item>Domains need a delegated TLD (embedded IANA list) or a reserved one (<c>.local</c>, <c>.test</c>, ...);
/// bare names that look like file names, type names or package names are skipped unless defanged
/// (see <see cref="BareNameFilter"/>), as are names right after <c>\</c>, <c>/</c> or <c>$</c> (paths,
/// variables; but <c>\\host</c>, <c>//host</c> and SPNs such as <c>HTTP/host</c> are hosts) or right before
/// <c>\</c>, <c>(</c>, <c>=</c>, <c>@</c> or a quote and colon (paths, calls, keys, local parts, JSON keys).
/// URLs need a scheme (http, https, ftp, ftps, sftp, ws, wss); <c>host/path</c> without one yields the domain only.</item>
/// <item>IPv4 needs exactly four octets not embedded in a longer dotted number and not after
/// "version"/"build"/"v"; IPv6 is checked by parsing, zone indexes are dropped, bare <c>::</c> is skipped; an IPv4-mapped
/// address (<c>::ffff:10.1.2.3</c>) is reported as its IPv4 address (inside a URL the host keeps its IPv6 form).</item>
/// <item>Hashes are runs of exactly 32/40/64 hex characters in one letter case, holding both letters and
/// digits, not in braces or dash-joined (GUIDs), not the value of an IMPHASH/JA3/JA3S/HASSH key.</item>
/// </list>
/// </remarks>
public sealed class IocExtractor
{
    private IocExtractor()
    {
    }

    /// <summary>The extractor with the built-in rules and TLD list; stateless and thread-safe.</summary>
    public static IocExtractor Default { get; } = new();

    /// <summary>The shortest indicator without a mark of <see cref="IocCharacters.IndicatorMarks"/>: an MD5 hash.</summary>
    private const int ShortestUnmarkedIndicator = 32;

    /// <summary>Returns the distinct indicators in <paramref name="text"/>; empty for null or empty text.</summary>
    public IReadOnlyList<Ioc> Extract(string text)
    {
        if (string.IsNullOrEmpty(text) || CannotHoldIoc(text))
        {
            return [];
        }

        var refanged = Defanging.RefangWithMarks(text);
        var scan = new IocScan(refanged);
        scan.Run();
        return scan.Results();
    }

    /// <summary>
    /// Most event fields (codes, flags, counters, names) are short and hold none of the characters every
    /// indicator or defang marker needs; they are answered without refanging or scanning.
    /// </summary>
    private static bool CannotHoldIoc(string text) =>
        text.Length < ShortestUnmarkedIndicator && text.AsSpan().IndexOfAny(IocCharacters.IndicatorMarks) < 0;
}
