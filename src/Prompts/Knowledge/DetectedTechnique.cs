namespace Llama3Siem.Prompts.Knowledge;

/// <summary>A technique a detection rule found, with the rule's name and the events that support it.</summary>
public sealed record DetectedTechnique(string TechniqueId, string Rule, IReadOnlyList<string> EventIds);
