namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// One field's tests in the rule index (<see cref="SigmaFieldLiteral"/>): equalities and prefixes in one
/// <see cref="SigmaAffixSearch"/>, suffixes in another walked from the end, substrings in a
/// <see cref="SigmaSubstringSearch"/>. Looking a value up sets the bit of every rule slot whose test it passes.
/// </summary>
internal sealed class SigmaLiteralTable
{
    private readonly SigmaAffixSearch? starts;
    private readonly SigmaAffixSearch? ends;
    private readonly SigmaSubstringSearch? contains;

    /// <param name="tests">The field's tests, each with the rule slot that requires it.</param>
    public SigmaLiteralTable(IReadOnlyList<(SigmaFieldLiteral Literal, int Id)> tests)
    {
        var starting = tests.Where(t => t.Literal.Kind is SigmaTextMatch.Whole or SigmaTextMatch.StartsWith)
            .Select(t => (t.Literal.Text, t.Literal.Kind == SigmaTextMatch.Whole, t.Id)).ToList();
        var ending = tests.Where(t => t.Literal.Kind == SigmaTextMatch.EndsWith).Select(t => (t.Literal.Text, false, t.Id)).ToList();
        var contained = tests.Where(t => t.Literal.Kind == SigmaTextMatch.Contains).Select(t => (t.Literal.Text, t.Id)).ToList();
        starts = starting.Count > 0 ? new SigmaAffixSearch(starting, fromEnd: false) : null;
        ends = ending.Count > 0 ? new SigmaAffixSearch(ending, fromEnd: true) : null;
        contains = contained.Count > 0 ? new SigmaSubstringSearch(contained) : null;
    }

    public void Mark(string value, Span<ulong> marks)
    {
        starts?.Mark(value, marks);
        ends?.Mark(value, marks);
        contains?.Mark(value, marks);
    }
}
