namespace Llama3Siem.Prompts.Detection;

/// <summary>A detection rule as findings name it: its id, title and Sigma level (informational to critical), if any.</summary>
public sealed record RuleReference(string Id, string Title, string? Level);
