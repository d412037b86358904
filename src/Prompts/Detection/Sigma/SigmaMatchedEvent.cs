using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>One event of an incident with what <see cref="SigmaRuleSet.Match"/> found in it: what correlations count.</summary>
public sealed record SigmaMatchedEvent(SecurityEvent Event, IReadOnlyList<SigmaMatch> Matches);
