namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>The numeric modifiers <c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c>.</summary>
internal enum SigmaNumberComparison
{
    GreaterThan,
    GreaterOrEqual,
    LessThan,
    LessOrEqual,
}
