using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// A correlation rule that held for one group of an incident: <see cref="Group"/> holds the group-by values ("" for
/// an event without the field), <see cref="Events"/> the group's events, in time order, of every window in which the
/// condition held.
/// </summary>
public sealed record SigmaCorrelationMatch(SigmaCorrelationRule Rule, IReadOnlyDictionary<string, string> Group, IReadOnlyList<SecurityEvent> Events)
{
    public string RuleId => Rule.Id;
    public string Title => Rule.Title;
    public string? Level => Rule.Level;
    public IReadOnlyList<string> Tags => Rule.Tags;
}
