namespace Llama3Siem.Prompts.Iocs;

/// <summary>
/// The deliberate rejections of <see cref="IocExtractor"/>: each drops candidates that are valid by syntax
/// but, in event text, are far more often something else. All are on by default; turning one off trades
/// precision for recall on that kind of text.
/// </summary>
public sealed record IocExtractorOptions
{
    /// <summary>The settings <see cref="IocExtractor.Default"/> uses.</summary>
    public static IocExtractorOptions Default { get; } = new();

    /// <summary>
    /// Skip hex runs of hash length that no hash function plausibly produced: without both letters and
    /// digits, or with fewer than <see cref="MinimumDistinctHexDigits"/> distinct digits (counters,
    /// <c>0000…</c> placeholders, <c>aaaa…</c> padding, repeated patterns). Default <c>true</c>.
    /// </summary>
    public bool RejectLowEntropyHashes { get; init; } = true;

    /// <summary>
    /// The fewest distinct hex digits a hash may hold when <see cref="RejectLowEntropyHashes"/> is on;
    /// 1 to 16, default 8. A random MD5 (32 digits) holds fewer than 8 about once in 25 million.
    /// </summary>
    public int MinimumDistinctHexDigits { get; init; } = 8;

    /// <summary>
    /// Skip a dotted quad right after a version word (<c>version 1.2.3.4</c>, <c>FileVersion: 5.1.0.12</c>,
    /// <c>build 6.1.7601.1</c>, <c>v1.2.3.4</c>). Default <c>true</c>.
    /// </summary>
    public bool RejectVersionLikeIpv4 { get; init; } = true;

    /// <summary>
    /// Skip a dotted quad that is the tail of a longer dotted token: after a single dot
    /// (<c>.192.0.2.1</c>) or after a name (<c>version1.192.0.2.1</c>, <c>build.10.20.30.40</c>). An
    /// ellipsis (two or more dots) is punctuation and does not count. Default <c>true</c>.
    /// </summary>
    public bool RejectDottedTailIpv4 { get; init; } = true;

    /// <summary>
    /// Skip bare dotted names that look like file, type, package or log field names
    /// (see <see cref="BareNameFilter"/>) unless defanged. Default <c>true</c>.
    /// </summary>
    public bool RejectFileAndCodeNames { get; init; } = true;
}
