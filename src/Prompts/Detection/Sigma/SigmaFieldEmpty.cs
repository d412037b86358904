namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary><c>Field: null</c>: the field is absent, or every value it has is empty.</summary>
internal sealed class SigmaFieldEmpty(string field) : SigmaExpression
{
    public override bool Matches(SigmaEventView view) => view.Values(field).All(v => v.Length == 0);
}
