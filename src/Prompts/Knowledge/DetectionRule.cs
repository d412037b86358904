using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Knowledge;

/// <summary>
/// One deterministic detection: a name, the ATT&amp;CK technique it indicates, and a function that returns
/// the events of an incident that support it (none: the rule does not fire).
/// </summary>
public sealed record DetectionRule(
    string Name,
    string TechniqueId,
    Func<IReadOnlyList<SecurityEvent>, IReadOnlyList<SecurityEvent>> Match)
{
    /// <summary>A rule that looks at one event at a time.</summary>
    public static DetectionRule PerEvent(string name, string techniqueId, Func<SecurityEvent, bool> predicate) =>
        new(name, techniqueId, events => events.Where(predicate).ToList());

    /// <summary>A rule that fires when at least <paramref name="threshold"/> events match.</summary>
    public static DetectionRule AtLeast(string name, string techniqueId, int threshold, Func<SecurityEvent, bool> predicate) =>
        new(name, techniqueId, events =>
        {
            var matching = events.Where(predicate).ToList();
            return matching.Count >= threshold ? matching : [];
        });
}
