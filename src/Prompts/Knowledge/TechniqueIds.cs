using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Knowledge;

/// <summary>ATT&amp;CK technique ids: <c>T1059</c> or <c>T1059.001</c>, upper-case.</summary>
public static partial class TechniqueIds
{
    public static bool TryNormalize(string? id, out string canonical)
    {
        canonical = string.Empty;
        if (string.IsNullOrWhiteSpace(id) || !TechniqueIdPattern().IsMatch(id))
        {
            return false;
        }

        canonical = id.Trim().ToUpperInvariant();
        return true;
    }

    /// <summary>The parent technique of a sub-technique (<c>T1003.001</c> -> <c>T1003</c>), or null.</summary>
    public static string? ParentOf(string canonical)
    {
        var dot = canonical.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : canonical[..dot];
    }

    [GeneratedRegex(@"^\s*[Tt]\d{4}(\.\d{3})?\s*$")]
    private static partial Regex TechniqueIdPattern();
}
