using System.Text;

namespace Llama3Siem.Prompts.Iocs;

/// <summary>
/// Undoes the usual ways analysts "defang" indicators so that they cannot be clicked.
/// </summary>
/// <remarks>
/// Supported forms (letters case-insensitive, nothing else is rewritten):
/// <list type="bullet">
/// <item><c>hxxp</c>, <c>hxxps</c>, <c>hXXp</c>, <c>hXXps</c> → <c>http</c>/<c>https</c>, and <c>fxp</c> → <c>ftp</c>,
/// only in scheme position: not preceded by a letter or digit and followed by <c>:</c> or <c>[</c>.</item>
/// <item><c>[.]</c>, <c>(.)</c>, <c>{.}</c>, <c>[dot]</c>, <c>(dot)</c>, <c>{dot}</c> → <c>.</c></item>
/// <item><c>[:]</c> → <c>:</c> and <c>[://]</c> → <c>://</c></item>
/// <item><c>[@]</c>, <c>(@)</c>, <c>{@}</c>, <c>[at]</c>, <c>(at)</c>, <c>{at}</c> → <c>@</c></item>
/// <item><c>\.</c> between two letters/digits of a host-like run (as in <c>evil\.com</c> from a regex),
/// unless that run starts right after a backslash, i.e. is a Windows path component such as <c>dir\.git</c>.</item>
/// <item>The JSON escape <c>\/</c> → <c>/</c>, so that <c>https:\/\/host\/path</c> in JSON reads as a URL.</item>
/// </list>
/// Not supported: spelled-out <c> dot </c>/<c> at </c> with spaces, <c>[/]</c>, and Unicode look-alike dots.
/// </remarks>
public static class Defanging
{
    // The longest host that can still be a domain: looking further back for the start of a run is pointless.
    private const int MaxHostLookBack = 253;

    private static readonly (string Marker, string Replacement)[] BracketMarkers =
    [
        ("[.]", "."), ("(.)", "."), ("{.}", "."),
        ("[dot]", "."), ("(dot)", "."), ("{dot}", "."),
        ("[://]", "://"), ("[:]", ":"),
        ("[@]", "@"), ("(@)", "@"), ("{@}", "@"),
        ("[at]", "@"), ("(at)", "@"), ("{at}", "@"),
    ];

    /// <summary>Returns <paramref name="text"/> with the supported defang markers replaced; never throws.</summary>
    public static string Refang(string text) => RefangWithMarks(text).Text;

    internal static RefangedText RefangWithMarks(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new RefangedText(string.Empty, []);
        }

        if (text.AsSpan().IndexOfAny(IocCharacters.DefangTriggers) < 0)
        {
            return new RefangedText(text, []);
        }

        var output = new StringBuilder(text.Length);
        var marks = new List<int>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '[' or '(' or '{' && TryBracketMarker(text, i, out var marker, out var replacement))
            {
                AppendMarked(output, marks, replacement);
                i += marker.Length;
                continue;
            }

            if (c is 'h' or 'H' or 'f' or 'F' && TrySchemeMarker(text, i, out var schemeLength, out var scheme))
            {
                AppendMarked(output, marks, scheme);
                i += schemeLength;
                continue;
            }

            if (c == '\\' && i + 1 < text.Length && text[i + 1] == '/')
            {
                // JSON writers may escape slashes (https:\/\/host\/path); read them as plain slashes.
                output.Append('/');
                i += 2;
                continue;
            }

            if (c == '\\' && IsEscapedHostDot(text, i, output))
            {
                AppendMarked(output, marks, ".");
                i += 2;
                continue;
            }

            output.Append(c);
            i++;
        }

        return new RefangedText(output.ToString(), marks);
    }

    private static void AppendMarked(StringBuilder output, List<int> marks, string replacement)
    {
        for (var k = 0; k < replacement.Length; k++)
        {
            marks.Add(output.Length);
            output.Append(replacement[k]);
        }
    }

    private static bool TryBracketMarker(string text, int index, out string marker, out string replacement)
    {
        var rest = text.AsSpan(index);
        foreach (var (candidate, value) in BracketMarkers)
        {
            if (rest.StartsWith(candidate, StringComparison.OrdinalIgnoreCase))
            {
                marker = candidate;
                replacement = value;
                return true;
            }
        }

        marker = string.Empty;
        replacement = string.Empty;
        return false;
    }

    private static bool TrySchemeMarker(string text, int index, out int length, out string scheme)
    {
        length = 0;
        scheme = string.Empty;
        if (index > 0 && char.IsAsciiLetterOrDigit(text[index - 1]))
        {
            return false;
        }

        var rest = text.AsSpan(index);
        if (rest.StartsWith("hxxps", StringComparison.OrdinalIgnoreCase))
        {
            (length, scheme) = (5, "https");
        }
        else if (rest.StartsWith("hxxp", StringComparison.OrdinalIgnoreCase))
        {
            (length, scheme) = (4, "http");
        }
        else if (rest.StartsWith("fxp", StringComparison.OrdinalIgnoreCase))
        {
            (length, scheme) = (3, "ftp");
        }
        else
        {
            return false;
        }

        return index + length < text.Length && text[index + length] is ':' or '[';
    }

    private static bool IsEscapedHostDot(string text, int index, StringBuilder output)
    {
        if (index + 2 >= text.Length || text[index + 1] != '.' || !char.IsAsciiLetterOrDigit(text[index + 2]))
        {
            return false;
        }

        if (output.Length == 0 || !char.IsAsciiLetterOrDigit(output[^1]))
        {
            return false;
        }

        // Walk back over the host-like run already written; a run that begins right after a backslash is a
        // path component (C:\dir\.git), not an escaped host.
        var lowest = Math.Max(0, output.Length - MaxHostLookBack);
        for (var k = output.Length - 1; k >= lowest; k--)
        {
            var previous = output[k];
            if (char.IsAsciiLetterOrDigit(previous) || previous is '-' or '.' or '_')
            {
                continue;
            }

            return previous != '\\';
        }

        return lowest == 0;
    }
}
