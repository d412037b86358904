namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary><c>N of x*</c> for N above 1: at least N of the searches match.</summary>
internal sealed class SigmaAtLeast(int count, IReadOnlyList<SigmaExpression> parts) : SigmaExpression
{
    // An array: enumerating an IReadOnlyList allocates, and every candidate rule of every event runs this.
    private readonly SigmaExpression[] parts = [.. parts];

    public override bool Matches(SigmaEventView view)
    {
        var matched = 0;
        foreach (var part in parts)
        {
            if (part.Matches(view) && ++matched >= count)
            {
                return true;
            }
        }

        return false;
    }

    public override IReadOnlyList<SigmaRequirement> Requirements() => SigmaRequirement.AnyOfParts(count, parts);
}
