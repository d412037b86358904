namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>A stored claim with the sequence number and primary term a conditional takeover must match.</summary>
internal sealed record HeldReportClaim(ReportClaim Claim, long SeqNo, long PrimaryTerm);
