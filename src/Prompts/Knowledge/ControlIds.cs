using System.Globalization;
using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Knowledge;

/// <summary>
/// Canonical NIST SP 800-53 control ids. Sources write the same control as <c>AC-02</c>, <c>ac-2</c>,
/// <c>AC-2(04)</c> or <c>ac-2.4</c>; everything here compares the canonical <c>AC-2</c> / <c>AC-2(4)</c>.
/// </summary>
public static partial class ControlIds
{
    public static bool TryNormalize(string? id, out string canonical)
    {
        canonical = string.Empty;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        var match = ControlIdPattern().Match(id);
        if (!match.Success)
        {
            return false;
        }

        var family = match.Groups["family"].Value.ToUpperInvariant();
        var number = int.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture);
        canonical = match.Groups["enhancement"].Success
            ? $"{family}-{number}({int.Parse(match.Groups["enhancement"].Value, CultureInfo.InvariantCulture)})"
            : $"{family}-{number}";
        return true;
    }

    /// <summary>The base control of an enhancement (<c>AC-2(4)</c> -> <c>AC-2</c>); a base control is returned unchanged.</summary>
    public static string BaseOf(string canonical)
    {
        var paren = canonical.IndexOf('(', StringComparison.Ordinal);
        return paren < 0 ? canonical : canonical[..paren];
    }

    [GeneratedRegex(@"^\s*(?<family>[A-Za-z]{2})-0*(?<number>\d{1,3})(?:(?:\(0*(?<enhancement>\d{1,3})\))|(?:\.0*(?<enhancement>\d{1,3})))?\s*$")]
    private static partial Regex ControlIdPattern();
}
