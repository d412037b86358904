using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>A <c>|re</c> value, or a value with wildcards translated to a regular expression.</summary>
/// <param name="requiredText">
/// Text every matching value contains, for the rule index: a wildcard value's longest literal stretch. Null
/// for a <c>|re</c> value, whose literals are not worth parsing out of the regex.
/// </param>
internal sealed class SigmaRegexMatcher(Regex regex, string? requiredText = null) : ISigmaValueMatcher
{
    /// <summary>
    /// The longest one <c>|re</c> match may run. Rule regexes are operator content and event values are attacker
    /// content: a catastrophic backtrack must cost one miss, never a stalled worker.
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    public bool Matches(string value)
    {
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    public SigmaFieldLiteral? LiteralFor(string field) =>
        requiredText is null ? null : SigmaFieldLiteral.For(field, SigmaTextMatch.Contains, requiredText);
}
