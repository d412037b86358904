namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// A logsource as a test on our events: the <see cref="Events.EventFormats"/> it can occur in and the predicate on
/// the facts of an event of one of those formats. The predicate sees nothing but <see cref="SigmaLogsourceFacts"/>,
/// so events with equal facts belong to the same logsources and <see cref="SigmaLogsourceDispatch"/> may remember
/// its answer.
/// </summary>
internal sealed record SigmaLogsourceFilter(IReadOnlyList<string> Formats, Func<SigmaLogsourceFacts, bool> Applies);
