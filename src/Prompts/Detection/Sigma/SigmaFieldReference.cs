namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary><c>Field|fieldref: Other</c>: a value of the field equals (or contains, starts or ends with) a value of the other field.</summary>
internal sealed class SigmaFieldReference(string field, string other, SigmaTextMatch kind, bool cased) : SigmaExpression
{
    public override bool Matches(SigmaEventView view)
    {
        var comparison = cased ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var references = view.Values(other);
        foreach (var value in view.Values(field))
        {
            foreach (var reference in references)
            {
                if (SigmaTextMatcher.Compare(value, reference, kind, comparison))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
