using Llama3Siem.Sinks.Reports;
using Llama3Siem.Worker.Reports;

namespace Llama3Siem.Worker.Chat;

/// <summary>A stored threat report retrieved for a question: its summary and its figures, read back from the stored JSON.</summary>
internal sealed record RetrievedReport(ReportSummary Summary, ThreatReport Report)
{
    /// <summary>How many notable incidents, techniques and controls the chat shows of a report.</summary>
    public const int TopItems = 5;

    public string Id => Summary.Id;

    /// <summary>The notable incidents the context shows: their ids may be cited as well, since the model was given them.</summary>
    public IReadOnlyList<ReportIncident> Notable => Report.NotableIncidents.Take(TopItems).ToList();
}
