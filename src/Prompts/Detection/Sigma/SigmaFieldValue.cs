namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// One value of one field condition: true when any of the field's values (a multi-valued field has several)
/// matches. An absent field matches nothing, so <c>not</c> of it is true, as the specification says.
/// </summary>
internal sealed class SigmaFieldValue(string field, ISigmaValueMatcher matcher) : SigmaExpression
{
    public override bool Matches(SigmaEventView view)
    {
        foreach (var value in view.Values(field))
        {
            if (matcher.Matches(value))
            {
                return true;
            }
        }

        return false;
    }

    public override IReadOnlyList<SigmaRequirement> Requirements() => SigmaRequirement.Single(matcher.LiteralFor(field));
}
