using System.Globalization;

namespace Llama3Siem.Prompts.Enrichment;

/// <summary>
/// How the deterministic summary refers to a host, a user or a field: by its value only when the value looks like
/// an identifier (bounded, one word, no markup or JSON punctuation), otherwise by a description of it. The summary
/// is our own text, stored and fed back to models by chat and reports, so it must never carry an attacker's words.
/// </summary>
public static class SummaryNames
{
    /// <summary>Longest value named as it is: 64 covers account names and most host names; FQDNs go to 253.</summary>
    public const int MaxNameChars = 64;

    public const int MaxHostChars = 253;

    public const int MaxFieldNameChars = 96;

    /// <summary>The value itself, or for example <c>a user name of 412 characters that contains instructions</c>.</summary>
    /// <param name="what">What the value is, in words: "host name", "user name".</param>
    /// <param name="carriesInjection">The value holds text addressed to an automated analyst.</param>
    public static string Describe(string value, string what, bool carriesInjection)
    {
        ArgumentNullException.ThrowIfNull(value);
        var limit = what.StartsWith("host", StringComparison.Ordinal) ? MaxHostChars : MaxNameChars;
        if (!carriesInjection && LooksLikeIdentifier(value, limit))
        {
            return value;
        }

        var length = new StringInfo(value).LengthInTextElements.ToString(CultureInfo.InvariantCulture);
        return carriesInjection
            ? $"a {what} of {length} characters that contains instructions to an automated analyst"
            : $"a {what} of {length} characters that is not an identifier";
    }

    /// <summary>
    /// Letters, digits and the separators account and host names use (<c>. - _ $ @ \</c>), starting with a letter
    /// or digit (or <c>$</c> for hidden accounts), at most <paramref name="maxChars"/> long: no spaces, so no
    /// sentences; no quotes, brackets, braces, colons or angle brackets, so no markup and no JSON.
    /// </summary>
    public static bool LooksLikeIdentifier(string value, int maxChars = MaxNameChars)
    {
        if (value.Length == 0 || value.Length > maxChars || !(char.IsLetterOrDigit(value[0]) || value[0] == '$'))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '$' or '@' or '\\') || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
