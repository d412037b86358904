namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>A node of a compiled detection: a condition operator, a search, or one field condition.</summary>
internal abstract class SigmaExpression
{
    public abstract bool Matches(SigmaEventView view);
}
