namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>OR: a list of maps, a list of values, <c>or</c>, <c>1 of</c>.</summary>
internal sealed class SigmaAnyOf(IReadOnlyList<SigmaExpression> parts) : SigmaExpression
{
    // An array: enumerating an IReadOnlyList allocates, and every candidate rule of every event runs this.
    private readonly SigmaExpression[] parts = [.. parts];

    public override bool Matches(SigmaEventView view)
    {
        foreach (var part in parts)
        {
            if (part.Matches(view))
            {
                return true;
            }
        }

        return false;
    }

    public override IReadOnlyList<SigmaRequirement> Requirements() => SigmaRequirement.AnyOfParts(1, parts);
}
