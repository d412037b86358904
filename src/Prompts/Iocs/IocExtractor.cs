namespace Llama3Siem.Prompts.Iocs;

/// <summary>
/// Finds indicators of compromise in free event text, deterministically and in linear time.
/// </summary>
/// <remarks>
/// The text is refanged first (<see cref="Defanging"/>), then scanned by hand-written passes (no regular
/// expressions, so no backtracking): URLs, e-mail address literals, IPv6, dotted runs (IPv4, domains,
/// e-mail, URLs without a scheme), hex runs (hashes), CVE ids. Results are distinct by type and value, in
/// order of first occurrence, normalised as <see cref="IocNormalizer"/> does. What each indicator yields:
/// <list type="bullet">
/// <item>A URL yields itself and its host. Its path and query are read like free text: a name there is a
/// domain unless it follows <c>/</c> (a path segment), so <c>?to=evil.example.net</c> reports
/// <c>evil.example.net</c> and <c>/files/evil.top.html</c> nothing; e-mail, addresses, hashes and CVE ids there
/// are reported too. <c>domain[:port]/path</c> without a scheme is a URL kept as written (host lower-case,
/// no scheme added) and also yields its domain; an address with a path (<c>10.0.0.0/8</c>) is not a URL.
/// A <c>]</c> with no <c>[</c> before it ends a URL, so a markdown link <c>[url](url)</c> yields each URL
/// once.</item>
/// <item>An e-mail yields itself and its domain; an address literal (<c>user@[192.0.2.1]</c>,
/// <c>user@[IPv6:2001:db8::1]</c>) yields itself and the address. The local part is bounded by any
/// character outside <c>A-Z a-z 0-9 . _ % + -</c> (brackets, quotes, parentheses).</item>
/// <item>Domains need a delegated TLD (embedded IANA list) or a reserved one (<c>.local</c>, <c>.test</c>, ...);
/// names right after <c>\</c>, <c>/</c> or <c>$</c> are skipped (paths, variables; but <c>\\host</c>,
/// <c>//host</c> and SPNs such as <c>HTTP/host</c> are hosts) or right before <c>\</c>, <c>(</c>, <c>=</c>,
/// <c>@</c> or a quote and colon (paths, calls, keys, local parts, JSON keys).</item>
/// <item>IPv4 needs exactly four octets not embedded in a longer dotted number; an ellipsis before it is
/// punctuation. IPv6 is recognised compressed or not, with an IPv4 tail, a zone index (dropped), in
/// brackets with a port, or after a <c>key:</c>; it is reported in RFC 5952 form. Bare <c>::</c> is skipped;
/// an IPv4-mapped address (<c>::ffff:10.1.2.3</c>) is reported as its IPv4 address (inside a URL the host keeps its IPv6 form).</item>
/// <item>Hashes are runs of exactly 32/40/64 hex characters in one letter case (after an optional <c>0x</c>),
/// not in braces or dash-joined (GUIDs), not the value of an IMPHASH/JA3/JA3S/HASSH key.</item>
/// <item>CVE ids are read as <see cref="CveIdentifiers"/> describes and reported as <c>CVE-YYYY-NNNN</c>.</item>
/// </list>
/// The rejections of valid-looking candidates that are usually something else (low-entropy hex, version
/// numbers, dotted tails, file and code names) are settings of <see cref="IocExtractorOptions"/>.
/// </remarks>
public sealed class IocExtractor
{
    /// <summary>An extractor with the given rejections; stateless and thread-safe.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its documented range.</exception>
    public IocExtractor(IocExtractorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinimumDistinctHexDigits, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MinimumDistinctHexDigits, 16, nameof(options));
        Options = options;
    }

    /// <summary>The extractor with the built-in rules, TLD list and <see cref="IocExtractorOptions.Default"/>.</summary>
    public static IocExtractor Default { get; } = new(IocExtractorOptions.Default);

    /// <summary>The rejections this extractor applies.</summary>
    public IocExtractorOptions Options { get; }

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
        var scan = new IocScan(refanged, Options);
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
