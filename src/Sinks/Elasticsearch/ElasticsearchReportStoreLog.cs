using Microsoft.Extensions.Logging;

namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>The report store's log lines: ids and owners, never report content.</summary>
internal static partial class ElasticsearchReportStoreLog
{
    [LoggerMessage(EventId = 21, Level = LogLevel.Information,
        Message = "Report {ReportId}: the claim of {PreviousOwner} expired; {Owner} takes it over")]
    public static partial void ClaimTakenOver(ILogger logger, string reportId, string previousOwner, string owner);

    [LoggerMessage(EventId = 22, Level = LogLevel.Debug, Message = "Stored report {ReportId} in Elasticsearch (new: {IsNew})")]
    public static partial void Stored(ILogger logger, string reportId, bool isNew);
}
