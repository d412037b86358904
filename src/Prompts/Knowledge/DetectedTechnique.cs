using Llama3Siem.Prompts.Detection;

namespace Llama3Siem.Prompts.Knowledge;

/// <summary>A technique the detection rules established: the rules that found it (highest level first) and its supporting events.</summary>
public sealed record DetectedTechnique(string TechniqueId, IReadOnlyList<RuleReference> Rules, IReadOnlyList<string> EventIds);
