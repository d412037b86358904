using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Templates;

namespace Llama3Siem.Worker.Batching;

/// <summary>An incident analysed (and rendered for the model, when one is configured), waiting in a batch.</summary>
internal sealed record PreparedIncident(IncidentFindings Findings, RenderedPrompt? Prompt)
{
    public int EventCount => Findings.Incident.Events.Count;

    public int PromptTokens => Prompt?.Tokens ?? 0;
}
