using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// Builds the detector's regular expressions (case-insensitive, culture-invariant, with a match timeout) and
/// runs them so that a timeout never escapes: event text is hostile, and one pathological field must cost at
/// most the timeout per pattern, never the worker.
/// </summary>
internal sealed class PatternFactory(TimeSpan matchTimeout)
{
    // Compiled: the patterns are built once per detector and run on every field of every event.
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Compiled;

    public Regex Create(string pattern) => new(pattern, Options, matchTimeout);

    /// <summary>The matches found before the end of the text or before the timeout, whichever comes first.</summary>
    public static List<Match> Matches(Regex regex, string text)
    {
        var matches = new List<Match>();
        try
        {
            for (var match = regex.Match(text); match.Success; match = match.NextMatch())
            {
                matches.Add(match);
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // What matched before the timeout stands; the rest of this pattern is given up for this text.
        }

        return matches;
    }

    /// <summary>Whether the pattern matches in [<paramref name="start"/>, <paramref name="end"/>); false when it times out.</summary>
    public static bool IsMatch(Regex regex, string text, int start, int end)
    {
        try
        {
            return end > start && regex.IsMatch(text.AsSpan(start, end - start));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
