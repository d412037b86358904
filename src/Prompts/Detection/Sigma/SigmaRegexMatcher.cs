using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>A <c>|re</c> value, or a value with wildcards translated to a regular expression.</summary>
internal sealed class SigmaRegexMatcher(Regex regex) : ISigmaValueMatcher
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
}
