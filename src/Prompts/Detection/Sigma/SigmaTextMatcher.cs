namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>A value without wildcards: plain ordinal string comparisons, the common case and the cheapest.</summary>
internal sealed class SigmaTextMatcher(string text, SigmaTextMatch kind, bool cased) : ISigmaValueMatcher
{
    private readonly StringComparison comparison = cased ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    public bool Matches(string value) => Compare(value, text, kind, comparison);

    public SigmaFieldLiteral? LiteralFor(string field) => SigmaFieldLiteral.For(field, kind, text);

    public static bool Compare(string value, string text, SigmaTextMatch kind, StringComparison comparison) => kind switch
    {
        SigmaTextMatch.Contains => value.Contains(text, comparison),
        SigmaTextMatch.StartsWith => value.StartsWith(text, comparison),
        SigmaTextMatch.EndsWith => value.EndsWith(text, comparison),
        _ => string.Equals(value, text, comparison),
    };
}
