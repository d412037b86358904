using System.Text;
using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Templates;

/// <summary>
/// Makes untrusted text (event content, analysts' messages) safe to place inside a prompt's data block:
/// it can never become a special token, close the data block, or act as a chat header.
/// </summary>
public static partial class UntrustedText
{
    /// <summary>
    /// Removes every Llama 3 special-token text (<c>&lt;|anything|&gt;</c>, repeatedly, so that nested forms
    /// such as <c>&lt;|&lt;|eot_id|&gt;eot_id|&gt;</c> cannot reassemble), breaks up any remaining <c>&lt;|</c> or
    /// <c>|&gt;</c>, defuses the data-block tags the prompt uses, drops control characters other than tab and
    /// newline, and truncates to <paramref name="maxChars"/> (marking the cut).
    /// </summary>
    public static string Neutralise(string? text, int maxChars = int.MaxValue)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var current = text;
        for (var pass = 0; pass < 8; pass++)
        {
            var stripped = SpecialToken().Replace(current, string.Empty);
            if (stripped.Length == current.Length)
            {
                break;
            }

            current = stripped;
        }

        current = current.Replace("<|", "< |", StringComparison.Ordinal).Replace("|>", "| >", StringComparison.Ordinal);
        current = DataBlockTag().Replace(current, m => "[" + m.Value[1..]);

        var clean = new StringBuilder(Math.Min(current.Length, maxChars));
        foreach (var c in current)
        {
            if (char.IsControl(c) && c is not '\t' and not '\n')
            {
                continue;
            }

            clean.Append(c);
        }

        if (clean.Length > maxChars)
        {
            clean.Length = maxChars;
            clean.Append("…[truncated]");
        }

        return clean.ToString();
    }

    /// <summary>Llama 3 special-token text: <c>&lt;|</c>, a name of word characters, <c>|&gt;</c>; whitespace inside tolerated.</summary>
    [GeneratedRegex(@"<\|\s*[A-Za-z0-9_\-]{1,64}\s*\|>")]
    private static partial Regex SpecialToken();

    /// <summary>The tags that delimit data in our prompts: content may not open or close them.</summary>
    [GeneratedRegex(@"<\s*/?\s*(events|findings|incident|question|context|data)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DataBlockTag();
}
