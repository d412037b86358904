namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary><c>Field: null</c>: the field is absent, or every value it has is empty.</summary>
internal sealed class SigmaFieldEmpty(string field) : SigmaExpression
{
    public override bool Matches(SigmaEventView view)
    {
        foreach (var value in view.Values(field))
        {
            if (value.Length > 0)
            {
                return false;
            }
        }

        return true;
    }
}
