namespace Llama3Siem.Sinks.Reports;

/// <summary>A stored report: its summary and the report itself as JSON text (snake_case, as the <c>report</c> command writes it).</summary>
public sealed record StoredReport(ReportSummary Summary, string Json)
{
    public string Id => Summary.Id;
}
