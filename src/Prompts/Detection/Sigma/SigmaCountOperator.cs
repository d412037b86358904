namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>The comparisons of a correlation condition: <c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c>, <c>eq</c>.</summary>
public enum SigmaCountOperator
{
    Gt,
    Gte,
    Lt,
    Lte,
    Eq,
}
