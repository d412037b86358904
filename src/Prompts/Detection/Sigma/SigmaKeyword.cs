namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// A keyword (a plain value with no field): true when any original field of the event matches. Keywords are
/// full-text search in Sigma, so a plain keyword matches as <c>contains</c>.
/// </summary>
internal sealed class SigmaKeyword(ISigmaValueMatcher matcher) : SigmaExpression
{
    public override bool Matches(SigmaEventView view)
    {
        foreach (var value in view.Event.Fields.Values)
        {
            if (matcher.Matches(value))
            {
                return true;
            }
        }

        return false;
    }

    public override IReadOnlyList<SigmaRequirement> Requirements() => SigmaRequirement.Single(matcher.LiteralFor(string.Empty));
}
