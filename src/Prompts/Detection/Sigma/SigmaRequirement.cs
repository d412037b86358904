namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// One necessary condition of a detection, for the rule index: on every event the detection matches, at least
/// one of these literal tests holds. With no tests it never holds, nor does the detection match.
/// </summary>
internal sealed record SigmaRequirement(IReadOnlyList<SigmaFieldLiteral> AnyOf)
{
    public static readonly IReadOnlyList<SigmaRequirement> None = [];

    /// <summary>
    /// A rough guess at how often one of the tests holds on an event, to choose the requirements that leave
    /// fewest candidates: each test's <see cref="SigmaFieldLiteral.Chance"/>, added up.
    /// </summary>
    public double Cost => AnyOf.Sum(l => l.Chance);

    public static IReadOnlyList<SigmaRequirement> Single(SigmaFieldLiteral? literal) => literal is null ? None : [new([literal])];

    /// <summary>
    /// The requirement that holds when at least <paramref name="needed"/> of the parts match: each part's
    /// cheapest requirement, together. When as many parts as that have none, every match may come from them,
    /// and nothing is required.
    /// </summary>
    public static IReadOnlyList<SigmaRequirement> AnyOfParts(int needed, IReadOnlyList<SigmaExpression> parts)
    {
        var tests = new HashSet<SigmaFieldLiteral>();
        var without = 0;
        foreach (var part in parts)
        {
            if (part.Requirements().MinBy(r => r.Cost) is { } cheapest)
            {
                tests.UnionWith(cheapest.AnyOf);
            }
            else if (++without >= needed)
            {
                return None;
            }
        }

        return [new([.. tests])];
    }
}
