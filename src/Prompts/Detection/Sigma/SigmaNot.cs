namespace Llama3Siem.Prompts.Detection.Sigma;

internal sealed class SigmaNot(SigmaExpression inner) : SigmaExpression
{
    public override bool Matches(SigmaEventView view) => !inner.Matches(view);
}
