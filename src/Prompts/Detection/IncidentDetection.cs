using Llama3Siem.Prompts.Knowledge;

namespace Llama3Siem.Prompts.Detection;

/// <summary>What the rules found in one incident: every rule that fired, and the techniques they establish.</summary>
public sealed record IncidentDetection(IReadOnlyList<DetectedTechnique> Techniques, IReadOnlyList<RuleHit> Hits)
{
    public static IncidentDetection None { get; } = new([], []);
}
