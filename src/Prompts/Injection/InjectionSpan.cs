namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// A stretch of one field's text recognised as injection of <paramref name="Kind"/> (one of
/// <see cref="InjectionKinds"/>). <paramref name="Start"/> and <paramref name="Length"/> count UTF-16 code units
/// of the field's original text, so an indicator found in the field can be tested for lying inside.
/// </summary>
public sealed record InjectionSpan(string Kind, int Start, int Length)
{
    /// <summary>The first position after the span.</summary>
    public int End => Start + Length;

    /// <summary>True when [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) lies wholly inside this span.</summary>
    public bool Covers(int start, int length) => start >= Start && start + length <= End;
}
