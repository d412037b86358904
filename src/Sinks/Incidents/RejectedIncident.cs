namespace Llama3Siem.Sinks.Incidents;

/// <summary>An incident a store refused permanently, with the store's reason (an error type and message, no content).</summary>
public sealed record RejectedIncident(string IncidentId, string Reason);
