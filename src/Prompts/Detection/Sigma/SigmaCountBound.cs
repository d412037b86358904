namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>One comparison of a correlation condition, such as <c>gte: 5</c>.</summary>
public readonly record struct SigmaCountBound(SigmaCountOperator Operator, long Value)
{
    public bool Holds(long count) => Operator switch
    {
        SigmaCountOperator.Gt => count > Value,
        SigmaCountOperator.Gte => count >= Value,
        SigmaCountOperator.Lt => count < Value,
        SigmaCountOperator.Lte => count <= Value,
        _ => count == Value,
    };
}
