namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// A test the rule index can look up: a value of <paramref name="Field"/> equals, starts with, ends with or
/// contains <paramref name="Text"/>, ignoring case; an empty field stands for any original field of the event,
/// as a keyword searches them. Case is always ignored, so a <c>|cased</c> rule value still passes its own test.
/// </summary>
internal sealed record SigmaFieldLiteral(string Field, SigmaTextMatch Kind, string Text)
{
    /// <summary>The test for a rule value; null for empty text, which tells nothing (every value has it).</summary>
    public static SigmaFieldLiteral? For(string field, SigmaTextMatch kind, string text) => text.Length == 0 ? null : new(field, kind, text);

    /// <summary>
    /// A rough guess at how often the test holds: halved by each character of text (an image ending in
    /// <c>.exe</c> is common, one ending in <c>\EDRFreeze.exe</c> rare), and more often for an affix than an
    /// equality, for a substring than an affix, and for a keyword, which may be in any field.
    /// </summary>
    public double Chance => Math.ScaleB((Field.Length == 0 ? 2 : 1) * Kind switch
    {
        SigmaTextMatch.Whole => 1.0,
        SigmaTextMatch.Contains => 4.0,
        _ => 2.0,
    }, -Text.Length);
}
