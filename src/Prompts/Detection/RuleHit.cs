namespace Llama3Siem.Prompts.Detection;

/// <summary>
/// One rule that fired in an incident: the events that made it fire (for a correlation rule, the qualifying
/// group's events) and the knowledge base's techniques its tags stand for (none when it carries no ATT&amp;CK tag).
/// </summary>
public sealed record RuleHit(RuleReference Rule, IReadOnlyList<string> EventIds, IReadOnlyList<string> TechniqueIds);
