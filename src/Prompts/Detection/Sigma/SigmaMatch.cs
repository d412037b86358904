namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>One rule that matched one event; the rule itself travels with it, so callers read what they need.</summary>
public sealed record SigmaMatch(SigmaRule Rule)
{
    public string RuleId => Rule.Id;
    public string Title => Rule.Title;
    public string? Level => Rule.Level;
    public IReadOnlyList<string> Tags => Rule.Tags;
}
