using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>An event that one or more of a correlation's rules matched, and which of them (by position in its rules).</summary>
internal sealed class SigmaCorrelationHit(SecurityEvent evt, int position, int ruleCount)
{
    public SecurityEvent Event => evt;

    /// <summary>The event's place in the incident: breaks ties between events of the same time.</summary>
    public int Position => position;

    public bool[] Matched { get; } = new bool[ruleCount];
}
