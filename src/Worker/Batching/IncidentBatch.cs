namespace Llama3Siem.Worker.Batching;

/// <summary>Incidents enriched and written together.</summary>
/// <param name="Reason">Why the batch closed: <c>events</c>, <c>tokens</c>, <c>age</c> or <c>flush</c>.</param>
internal sealed record IncidentBatch(IReadOnlyList<PreparedIncident> Incidents, string Reason)
{
    public int EventCount => Incidents.Sum(i => i.EventCount);

    public int PromptTokens => Incidents.Sum(i => i.PromptTokens);
}
