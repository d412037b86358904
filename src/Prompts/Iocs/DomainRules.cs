namespace Llama3Siem.Prompts.Iocs;

/// <summary>Syntax of host names, the TLD check and the reserved (internal) name spaces.</summary>
internal static class DomainRules
{
    public const int MaxDomainLength = 253;

    // Special-use names (RFC 6761, RFC 7686, RFC 8375, ICANN's .internal) and de-facto private ones (.lan, .local).
    // They are not in the root zone but are real hosts in a SOC's events, so they are kept; all but .onion
    // (Tor hidden services, very much external) are marked internal.
    private static readonly string[] ReservedTopLevelNames = ["local", "localhost", "internal", "lan", "test", "example", "invalid", "onion"];

    private static readonly string[] InternalSuffixes =
        ["local", "localhost", "internal", "lan", "home.arpa", "test", "example", "invalid", "example.com", "example.net", "example.org"];

    /// <summary>
    /// Validates a host name of two or more labels and returns it lower-case without a trailing dot.
    /// Labels: 1-63 of <c>a-z 0-9 -</c> (not at either end); <c>_</c> allowed except in the last two labels
    /// (service labels such as <c>_ldap._tcp</c>); the last label is a delegated TLD or a reserved name.
    /// </summary>
    public static bool TryNormalize(ReadOnlySpan<char> text, out string normalized)
    {
        normalized = string.Empty;
        if (text.Length > 0 && text[^1] == '.')
        {
            text = text[..^1];
        }

        if (text.Length is < 3 or > MaxDomainLength)
        {
            return false;
        }

        var labelCount = text.Count('.') + 1;
        if (labelCount < 2)
        {
            return false;
        }

        var labelIndex = 0;
        foreach (var range in text.Split('.'))
        {
            var label = text[range];
            var isLastTwo = labelIndex >= labelCount - 2;
            if (!IsValidLabel(label, allowUnderscore: !isLastTwo))
            {
                return false;
            }

            labelIndex++;
        }

        var tld = text[(text.LastIndexOf('.') + 1)..];
        if (!IsAcceptableTopLevel(tld))
        {
            return false;
        }

        normalized = text.ToString().ToLowerInvariant();
        return true;
    }

    public static bool IsInternal(string normalizedDomain)
    {
        foreach (var suffix in InternalSuffixes)
        {
            if (normalizedDomain.Equals(suffix, StringComparison.Ordinal)
                || (normalizedDomain.Length > suffix.Length
                    && normalizedDomain.EndsWith(suffix, StringComparison.Ordinal)
                    && normalizedDomain[^(suffix.Length + 1)] == '.'))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAcceptableTopLevel(ReadOnlySpan<char> tld)
    {
        if (TopLevelDomains.IsKnown(tld))
        {
            return true;
        }

        foreach (var reserved in ReservedTopLevelNames)
        {
            if (tld.Equals(reserved, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsValidLabel(ReadOnlySpan<char> label, bool allowUnderscore)
    {
        if (label.Length is < 1 or > 63 || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || (allowUnderscore && c == '_')))
            {
                return false;
            }
        }

        return true;
    }
}
