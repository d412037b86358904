using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;

namespace Llama3Siem.Prompts.Iocs;

/// <summary>
/// One extraction over one refanged text. Every pass walks maximal runs of a character class once, and
/// look-backs are bounded, so the whole scan is linear in the text length whatever the input.
/// </summary>
internal sealed class IocScan(RefangedText refanged, IocExtractorOptions options)
{
    private const int MaxZoneIndexLength = 32;

    // ":65535" is the longest port text.
    private const int MaxPortText = 6;

    // IPv4 in four labels: a longer dotted token ends with it when this many dots are counted from the end.
    private const int Ipv4Labels = 4;

    private static readonly SearchValues<char> UrlTerminators =
        SearchValues.Create(" \t\r\n\f\v\u00a0\u2028\u2029\"'<>`{}|\\^");

    private const int MaxServiceClassLength = 20;

    // Service classes of Kerberos service principal names (4769 events, setspn output): class/host[:port].
    private static readonly string[] ServiceClasses =
        ["host", "http", "cifs", "ldap", "mssqlsvc", "termsrv", "wsman", "restrictedkrbhost", "dns", "gc", "rpcss", "exchangemdb", "smtp", "imap", "pop", "ftp", "krbtgt"];

    private static readonly string[] NonFileHashKeys = ["imphash", "ja3s", "ja3", "hassh", "hasshserver"];

    // "version" and "build" also end longer keys (FileVersion, ProductVersion, OSBuild); "ver" and "v" must stand alone.
    private static readonly (string Word, bool StandsAlone)[] VersionWords = [("version", false), ("build", false), ("ver", true), ("v", true)];

    private readonly string text = refanged.Text;
    private readonly List<(int Position, Ioc Ioc)> found = [];
    // The scheme and authority of each URL: the host is reported with the URL, while names, addresses and
    // e-mail in the path and query are judged like free text (a redirect target is an indicator too).
    private readonly List<(int Start, int End)> urlSpans = [];

    // URLs with a scheme, without it: a markdown link [host/path](https://host/path) is one URL, not two.
    private readonly HashSet<string> urlsAfterScheme = new(StringComparer.Ordinal);
    private readonly List<(int Start, int End)> ipv6Spans = [];

    public void Run()
    {
        ScanUrls();
        MergeOverlapping(urlSpans);
        ScanEmailAddressLiterals();
        ScanIpv6();
        ScanDottedRuns();
        ScanHashes();
        ScanCves();
    }

    public IReadOnlyList<Ioc> Results()
    {
        // Most texts scanned hold no indicator at all (times, ids, names): no need to sort or dedupe nothing.
        if (found.Count == 0)
        {
            return [];
        }

        var seen = new HashSet<(IocType, string)>();
        var results = new List<Ioc>();
        foreach (var (_, ioc) in found.OrderBy(entry => entry.Position))
        {
            if (seen.Add((ioc.Type, ioc.Value)))
            {
                results.Add(ioc);
            }
        }

        return results;
    }

    private void ScanUrls()
    {
        var terminator = -1;
        for (var separator = text.IndexOf("://", StringComparison.Ordinal);
             separator >= 0;
             separator = separator + 3 < text.Length ? text.IndexOf("://", separator + 3, StringComparison.Ordinal) : -1)
        {
            var start = separator;
            while (start > 0 && separator - start < 6 && char.IsAsciiLetter(text[start - 1]))
            {
                start--;
            }

            if (start == separator
                || (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '+' or '-' or '.'))
                || !UrlParser.IsSupportedScheme(text.AsSpan(start, separator - start)))
            {
                continue;
            }

            // URLs nested in another URL's query end at the same terminator: find it once per outer URL.
            if (terminator < separator)
            {
                var next = text.AsSpan(separator).IndexOfAny(UrlTerminators);
                terminator = next < 0 ? text.Length : separator + next;
            }

            var end = UrlEnd(start, separator + 3, terminator);
            if (end - start > UrlParser.MaxUrlLength)
            {
                continue;
            }

            if (UrlParser.TryParse(text.AsSpan(start, end - start), out var url))
            {
                var isInternal = url!.Host.Internal;
                Add(start, new Ioc(IocType.Url, url.Normalized, isInternal));
                Add(start + url.HostOffset, url.Host);
                urlSpans.Add((start, start + url.AuthorityEnd));
                urlsAfterScheme.Add(url.Normalized[(url.Normalized.IndexOf("://", StringComparison.Ordinal) + 3)..]);
            }
        }
    }

    /// <summary>
    /// Where a URL that starts at <paramref name="start"/> ends, given the first terminator after it: at a
    /// <c>]</c> with no <c>[</c> before it (the end of a markdown link text, <c>[url](url)</c>; brackets
    /// are only legal around an IPv6 host), then without trailing punctuation.
    /// </summary>
    private int UrlEnd(int start, int authorityStart, int terminator)
    {
        var searchEnd = Math.Min(terminator, start + UrlParser.MaxUrlLength + 1);
        if (authorityStart < searchEnd)
        {
            var rest = text.AsSpan(authorityStart, searchEnd - authorityStart);
            var close = rest.IndexOf(']');
            var open = rest.IndexOf('[');
            if (close >= 0 && (open < 0 || open > close))
            {
                terminator = authorityStart + close;
            }
        }

        return TrimUrlEnd(start, terminator);
    }

    private int TrimUrlEnd(int start, int end)
    {
        while (end > start)
        {
            var last = text[end - 1];
            if (last is '.' or ',' or ';' or ':' or '!' or '?' or '*')
            {
                end--;
            }
            else if (last == ')' && text.AsSpan(start, end - start).IndexOf('(') < 0)
            {
                end--;
            }
            else if (last == ']' && text.AsSpan(start, end - start).IndexOf('[') < 0)
            {
                end--;
            }
            else
            {
                break;
            }
        }

        return end;
    }

    private void ScanIpv6()
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!IsIpv6Char(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsIpv6Char(text[i]))
            {
                i++;
            }

            TryAddIpv6(start, i);
        }
    }

    private void TryAddIpv6(int start, int end)
    {
        var runEnd = end;
        while (end > start && text[end - 1] == '.')
        {
            end--;
        }

        if (end - start >= 2 && text[end - 1] == ':' && text[end - 2] != ':')
        {
            end--;
        }

        var candidate = text.AsSpan(start, end - start);
        if (candidate.Count(':') < 2 || candidate.IndexOfAny(IocCharacters.HexDigits) < 0 || candidate.Length > IpAddressRules.MaxIpv6TextLength)
        {
            return;
        }

        if (start > 0 && IsWordChar(text[start - 1]))
        {
            // "src:2001:db8::1" or "addr:fe80::1": a key glued by one colon (whose hex letters the run may
            // have taken) is not part of the address.
            var colon = candidate.IndexOf(':');
            var key = candidate[..colon];
            if (colon + 1 >= candidate.Length || candidate[colon + 1] == ':' || key.IndexOfAnyInRange('0', '9') >= 0 || key.Contains('.'))
            {
                return;
            }

            start += colon + 1;
            candidate = candidate[(colon + 1)..];
            if (candidate.Count(':') < 2)
            {
                return;
            }
        }

        var after = runEnd;
        if (end == runEnd && after < text.Length && text[after] == '%')
        {
            // A zone index (fe80::1%eth0, %25 in URLs) names the local interface; it is dropped.
            var zoneEnd = after + 1;
            while (zoneEnd < text.Length && zoneEnd - after <= MaxZoneIndexLength && (IsWordChar(text[zoneEnd]) || text[zoneEnd] is '.' or '-'))
            {
                zoneEnd++;
            }

            after = zoneEnd;
        }

        if (end == runEnd && after < text.Length && IsWordChar(text[after]))
        {
            return;
        }

        if (InSpan(urlSpans, start) || !HasTwoGroupsOrIsLoopback(candidate) || !IpAddressRules.TryParseIpv6(candidate, out var canonical, out var address))
        {
            return;
        }

        ipv6Spans.Add((start, end));
        if (address!.IsIPv4MappedToIPv6)
        {
            // ::ffff:a.b.c.d is an IPv4 peer seen through a dual-stack socket (Windows logon events write it so):
            // the indicator an analyst searches and blocks is the IPv4 address.
            var ipv4 = address.MapToIPv4();
            Add(start, new Ioc(IocType.Ipv4, ipv4.ToString(), IpAddressRules.IsInternalIpv4(BinaryPrimitives.ReadUInt32BigEndian(ipv4.GetAddressBytes()))));
            return;
        }

        Add(start, new Ioc(IocType.Ipv6, canonical, IpAddressRules.IsInternalIpv6(address)));
    }

    private static bool HasTwoGroupsOrIsLoopback(ReadOnlySpan<char> candidate)
    {
        // "12::" or "ab::" parse as addresses but in prose are labels, scopes or times; real ones carry 2+ groups.
        if (candidate.SequenceEqual("::1"))
        {
            return true;
        }

        var groups = 0;
        foreach (var range in candidate.Split(':'))
        {
            if (range.End.Value > range.Start.Value)
            {
                groups++;
            }
        }

        return groups >= 2;
    }

    private void ScanDottedRuns()
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!IsHostChar(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsHostChar(text[i]))
            {
                i++;
            }

            ProcessDottedPieces(start, i);
        }
    }

    private void ProcessDottedPieces(int start, int end)
    {
        // An ellipsis ("dropped...203.0.113.9") is punctuation between two tokens, not an empty label.
        var pieceStart = start;
        for (var k = start; k + 1 < end; k++)
        {
            if (text[k] == '.' && text[k + 1] == '.')
            {
                ProcessDottedRun(pieceStart, k);
                while (k < end && text[k] == '.')
                {
                    k++;
                }

                pieceStart = k;
            }
        }

        ProcessDottedRun(pieceStart, end);
    }

    private void ProcessDottedRun(int start, int end)
    {
        while (start < end && text[start] is '.' or '-')
        {
            start++;
        }

        while (end > start && text[end - 1] is '.' or '-' or '_')
        {
            end--;
        }

        // A percent escape in a query (next=https%3A%2F%2Fnext-hop.org) is not part of the name after it.
        if (start > 0 && text[start - 1] == '%' && end - start > 2 && char.IsAsciiHexDigit(text[start]) && char.IsAsciiHexDigit(text[start + 1]))
        {
            start += 2;
        }

        var run = text.AsSpan(start, end - start);
        if (run.IndexOf('.') < 0 || InSpan(urlSpans, start))
        {
            return;
        }

        if (run.IndexOfAnyExcept(IocCharacters.DigitsDotsAndDashes) < 0)
        {
            if (!(options.RejectDottedTailIpv4 && FollowsSingleDot(start)))
            {
                ProcessNumericRun(start, end);
            }

            return;
        }

        var previous = start > 0 ? text[start - 1] : '\0';
        var next = end < text.Length ? text[end] : '\0';
        if (previous == '@')
        {
            TryAddEmail(start, end);
            return;
        }

        if (next == '@' || IsPathOrCodeContext(start, end, previous, next))
        {
            return;
        }

        if (!DomainRules.TryNormalize(run, out var domain))
        {
            if (!options.RejectDottedTailIpv4)
            {
                TryAddDottedTailIpv4(start, end);
            }

            return;
        }

        if (options.RejectFileAndCodeNames && !refanged.HasMarkIn(start, end) && BareNameFilter.IsNotAHost(run, domain))
        {
            return;
        }

        TryAddUrlWithoutScheme(start, end);
        Add(start, new Ioc(IocType.Domain, domain, DomainRules.IsInternal(domain)));
    }

    private bool FollowsSingleDot(int start) => start > 0 && text[start - 1] == '.' && (start < 2 || text[start - 2] != '.');

    private void TryAddDottedTailIpv4(int start, int end)
    {
        var tailStart = end;
        var dots = 0;
        while (tailStart > start && !(text[tailStart - 1] == '.' && ++dots == Ipv4Labels))
        {
            tailStart--;
        }

        if (tailStart > start && text.AsSpan(tailStart, end - tailStart).IndexOfAnyExcept(IocCharacters.DigitsAndDots) < 0)
        {
            TryAddIpv4(tailStart, end);
        }
    }

    private void TryAddUrlWithoutScheme(int start, int hostEnd)
    {
        // domain/path or domain:port/path, found from the host; UrlParser decides whether it is one.
        var slash = hostEnd;
        if (slash < text.Length && text[slash] == ':')
        {
            slash++;
            while (slash < text.Length && slash - hostEnd <= MaxPortText && char.IsAsciiDigit(text[slash]))
            {
                slash++;
            }
        }

        if (slash + 1 >= text.Length || text[slash] != '/')
        {
            return;
        }

        // Bounded look-ahead: every host in a long run without terminators must not rescan to the end.
        var searchEnd = Math.Min(text.Length, start + UrlParser.MaxUrlLength + 1);
        var next = text.AsSpan(slash, searchEnd - slash).IndexOfAny(UrlTerminators);
        if (next < 0 && searchEnd < text.Length)
        {
            return;
        }

        var end = UrlEnd(start, hostEnd, next < 0 ? searchEnd : slash + next);
        if (end - start <= UrlParser.MaxUrlLength
            && UrlParser.TryParse(text.AsSpan(start, end - start), out var url)
            && !urlsAfterScheme.Contains(url!.Normalized))
        {
            Add(start, new Ioc(IocType.Url, url.Normalized, url.Host.Internal));
        }
    }

    private bool IsPathOrCodeContext(int start, int end, char previous, char next)
    {
        // \\host\share is a UNC host; any other name right after a backslash is a path component.
        if (previous == '\\')
        {
            return !(start >= 2 && text[start - 2] == '\\');
        }

        // //host is a protocol-relative reference and MSSQLSvc/host a Kerberos service principal name;
        // any other /dir/name.ext is a path.
        if (previous == '/')
        {
            return !(start >= 2 && text[start - 2] == '/') && !FollowsServiceClass(start - 1);
        }

        // A quoted name followed by a colon is a JSON key ("user.email": ...), not a value.
        if (next is '"' or '\'' && end + 1 < text.Length && text[end + 1] == ':')
        {
            return true;
        }

        return previous is '$' || next is '\\' or '(' or '=';
    }

    private bool FollowsServiceClass(int slash)
    {
        var wordStart = slash;
        while (wordStart > 0 && slash - wordStart < MaxServiceClassLength && char.IsAsciiLetter(text[wordStart - 1]))
        {
            wordStart--;
        }

        if (wordStart > 0 && (char.IsAsciiLetterOrDigit(text[wordStart - 1]) || text[wordStart - 1] is '/' or '\\' or '.'))
        {
            return false;
        }

        var word = text.AsSpan(wordStart, slash - wordStart);
        foreach (var serviceClass in ServiceClasses)
        {
            if (word.Equals(serviceClass, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private void ProcessNumericRun(int start, int end)
    {
        // Ranges such as 10.0.0.1-10.0.0.255 hold one address per dash-separated piece.
        var pieceStart = start;
        for (var i = start; i <= end; i++)
        {
            if (i < end && text[i] != '-')
            {
                continue;
            }

            TryAddIpv4(pieceStart, i);
            pieceStart = i + 1;
        }
    }

    private void TryAddIpv4(int start, int end)
    {
        if (end <= start || InSpan(ipv6Spans, start) || (options.RejectVersionLikeIpv4 && FollowsVersionWord(start)))
        {
            return;
        }

        if (!IpAddressRules.TryParseIpv4(text.AsSpan(start, end - start), out var canonical, out var address))
        {
            return;
        }

        Add(start, new Ioc(IocType.Ipv4, canonical, IpAddressRules.IsInternalIpv4(address)));
    }

    private bool FollowsVersionWord(int start)
    {
        var k = start;
        while (k > 0 && start - k < 3 && text[k - 1] is ' ' or ':' or '=' or '"' or '\'' or '/')
        {
            k--;
        }

        foreach (var (word, standsAlone) in VersionWords)
        {
            var wordStart = k - word.Length;
            if (wordStart >= 0
                && text.AsSpan(wordStart, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase)
                && (!standsAlone || wordStart == 0 || !char.IsAsciiLetter(text[wordStart - 1])))
            {
                return true;
            }
        }

        return false;
    }

    private void TryAddEmail(int domainStart, int domainEnd)
    {
        var at = domainStart - 1;
        var localStart = LocalPartStart(at);
        if (localStart < 0 || !DomainRules.TryNormalize(text.AsSpan(domainStart, domainEnd - domainStart), out var domain))
        {
            return;
        }

        var isInternal = DomainRules.IsInternal(domain);
        AddEmail(localStart, at, domain, new Ioc(IocType.Domain, domain, isInternal));
    }

    private void ScanEmailAddressLiterals()
    {
        for (var at = text.IndexOf("@[", StringComparison.Ordinal);
             at >= 0;
             at = at + 2 < text.Length ? text.IndexOf("@[", at + 2, StringComparison.Ordinal) : -1)
        {
            var window = text.AsSpan(at + 1, Math.Min(EmailAddresses.MaxAddressLiteralLength, text.Length - at - 1));
            var close = window.IndexOf(']');
            if (close < 0 || !EmailAddresses.TryParseAddressLiteral(window[..(close + 1)], out var literal, out var address))
            {
                continue;
            }

            var localStart = LocalPartStart(at);
            if (localStart >= 0)
            {
                AddEmail(localStart, at, literal, address);
            }
        }
    }

    /// <summary>
    /// Adds the address and, as an indicator of its own, what follows the <c>@</c>: the mail domain is what
    /// a gateway blocks, the address in a literal what a firewall blocks.
    /// </summary>
    private void AddEmail(int localStart, int at, string domainPart, Ioc domainIoc)
    {
        var local = text.AsSpan(localStart, at - localStart).ToString().ToLowerInvariant();
        Add(localStart, new Ioc(IocType.Email, string.Concat(local, "@", domainPart), domainIoc.Internal));
        Add(at + 1, domainIoc);
    }

    /// <summary>Where the local part that ends at the <c>@</c> at <paramref name="at"/> starts; -1 when none does.</summary>
    private int LocalPartStart(int at)
    {
        var localStart = at;
        while (localStart > 0 && at - localStart < EmailAddresses.MaxLocalPartLength && EmailAddresses.IsLocalPartChar(text[localStart - 1]))
        {
            localStart--;
        }

        var longer = localStart > 0 && (EmailAddresses.IsLocalPartChar(text[localStart - 1]) || text[localStart - 1] == '@');
        return longer || !EmailAddresses.IsValidLocalPart(text.AsSpan(localStart, at - localStart)) || InSpan(urlSpans, localStart)
            ? -1
            : localStart;
    }

    private void ScanHashes()
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text[i]))
            {
                i++;
            }

            // A hash written as a hex literal (0x5d41…) is the digits after the prefix.
            if (i - start - 2 is 32 or 40 or 64 && text[start] == '0' && text[start + 1] is 'x' or 'X')
            {
                start += 2;
            }

            var type = (i - start) switch
            {
                32 => IocType.Md5,
                40 => IocType.Sha1,
                64 => IocType.Sha256,
                _ => (IocType?)null,
            };
            if (type is { } hashType && IsFileHash(start, i))
            {
                Add(start, new Ioc(hashType, text.Substring(start, i - start).ToLowerInvariant()));
            }
        }
    }

    private bool IsFileHash(int start, int end)
    {
        var run = text.AsSpan(start, end - start);
        if (run.IndexOfAnyExcept(IocCharacters.HexDigits) >= 0
            || (run.IndexOfAnyInRange('a', 'f') >= 0 && run.IndexOfAnyInRange('A', 'F') >= 0)
            || (options.RejectLowEntropyHashes && IsLowEntropy(run)))
        {
            // Not hex, or mixed case (base64 and random tokens mix cases; tools don't).
            return false;
        }

        var previous = start > 0 ? text[start - 1] : '\0';
        var next = end < text.Length ? text[end] : '\0';
        if (previous is '{' or '-' || next is '}' or '-')
        {
            return false;
        }

        return !IsValueOfNonFileHashKey(start);
    }

    private bool IsLowEntropy(ReadOnlySpan<char> hex)
    {
        if (hex.IndexOfAnyInRange('0', '9') < 0 || hex.IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return true;
        }

        var seen = 0;
        foreach (var c in hex)
        {
            seen |= 1 << (char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
        }

        return BitOperations.PopCount((uint)seen) < options.MinimumDistinctHexDigits;
    }

    private bool IsValueOfNonFileHashKey(int start)
    {
        var k = start;
        while (k > 0 && start - k < 4 && text[k - 1] is '=' or ':' or '"' or '\'' or ' ')
        {
            k--;
        }

        foreach (var key in NonFileHashKeys)
        {
            var keyStart = k - key.Length;
            if (keyStart >= 0
                && text.AsSpan(keyStart, key.Length).Equals(key, StringComparison.OrdinalIgnoreCase)
                && (keyStart == 0 || !char.IsAsciiLetterOrDigit(text[keyStart - 1])))
            {
                return true;
            }
        }

        return false;
    }

    private void ScanCves()
    {
        for (var index = text.IndexOf("CVE", StringComparison.OrdinalIgnoreCase);
             index >= 0;
             index = index + 3 < text.Length ? text.IndexOf("CVE", index + 3, StringComparison.OrdinalIgnoreCase) : -1)
        {
            if (index > 0 && char.IsAsciiLetterOrDigit(text[index - 1]))
            {
                continue;
            }

            // One character past the longest id, so that a longer digit run is seen and refused.
            var window = text.AsSpan(index, Math.Min(text.Length - index, CveIdentifiers.MaxLength + 1));
            if (CveIdentifiers.TryRead(window, out var cve, out var length)
                && !(index + length < text.Length && char.IsAsciiLetterOrDigit(text[index + length])))
            {
                Add(index, new Ioc(IocType.Cve, cve));
            }
        }
    }

    private void Add(int position, Ioc ioc) => found.Add((position, ioc));

    private static bool InSpan(List<(int Start, int End)> spans, int position)
    {
        // Spans are sorted by start and do not overlap (URL spans are merged after their pass).
        int low = 0, high = spans.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (spans[middle].Start <= position)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return high >= 0 && position < spans[high].End;
    }

    private static void MergeOverlapping(List<(int Start, int End)> spans)
    {
        // URL spans arrive ordered by start; a URL nested in another's query lies inside it.
        var merged = 0;
        for (var i = 1; i < spans.Count; i++)
        {
            if (spans[i].Start < spans[merged].End)
            {
                spans[merged] = (spans[merged].Start, Math.Max(spans[merged].End, spans[i].End));
            }
            else
            {
                spans[++merged] = spans[i];
            }
        }

        if (spans.Count > 0)
        {
            spans.RemoveRange(merged + 1, spans.Count - merged - 1);
        }
    }

    private static bool IsHostChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_';

    private static bool IsIpv6Char(char c) => char.IsAsciiHexDigit(c) || c is ':' or '.';

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
