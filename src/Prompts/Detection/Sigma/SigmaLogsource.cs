namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>A rule's <c>logsource</c>: which events it was written for. Any part may be absent.</summary>
public sealed record SigmaLogsource(string? Product, string? Category, string? Service)
{
    public override string ToString() => $"{Product ?? "-"}/{Category ?? "-"}/{Service ?? "-"}";
}
