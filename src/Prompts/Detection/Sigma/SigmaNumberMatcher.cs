using System.Globalization;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary><c>|gt</c> and friends: a field value that is not a number never matches.</summary>
internal sealed class SigmaNumberMatcher(SigmaNumberComparison comparison, double limit) : ISigmaValueMatcher
{
    public bool Matches(string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        return comparison switch
        {
            SigmaNumberComparison.GreaterThan => number > limit,
            SigmaNumberComparison.GreaterOrEqual => number >= limit,
            SigmaNumberComparison.LessThan => number < limit,
            _ => number <= limit,
        };
    }
}
