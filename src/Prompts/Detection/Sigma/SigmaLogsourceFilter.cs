using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// A logsource as a test on our events: the <see cref="EventFormats"/> it can occur in (the rule set's index)
/// and the predicate on an event of one of those formats.
/// </summary>
internal sealed record SigmaLogsourceFilter(IReadOnlyList<string> Formats, Func<SecurityEvent, bool> Applies);
