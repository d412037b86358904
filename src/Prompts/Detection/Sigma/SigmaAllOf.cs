namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>AND: a map of field conditions, <c>|all</c>, <c>and</c>, <c>all of</c>.</summary>
internal sealed class SigmaAllOf(IReadOnlyList<SigmaExpression> parts) : SigmaExpression
{
    // An array: enumerating an IReadOnlyList allocates, and every candidate rule of every event runs this.
    private readonly SigmaExpression[] parts = [.. parts];

    public override bool Matches(SigmaEventView view)
    {
        foreach (var part in parts)
        {
            if (!part.Matches(view))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every part must match, so every part's requirements hold.</summary>
    public override IReadOnlyList<SigmaRequirement> Requirements() => [.. parts.SelectMany(p => p.Requirements())];
}
