using Llama3Siem.Worker.Inference;

namespace Llama3Siem.Benchmarks;

/// <summary>The same incident prompts through one model; incidents/s is their count over the wall time.</summary>
internal sealed record IncidentRunResult(string Approach, TimeSpan Wall, IReadOnlyList<Completion> Completions)
{
    public double IncidentsPerSecond => Completions.Count / Wall.TotalSeconds;

    public int PromptTokens => Completions.Sum(c => c.PromptTokens);

    public int CachedPromptTokens => Completions.Sum(c => c.CachedPromptTokens);

    public int Generated => Completions.Sum(c => c.GeneratedTokens);
}
