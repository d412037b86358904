using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Output;
using Llama3Siem.Prompts.Templates;
using Llama3Siem.Prompts.Verification;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Inference;

/// <summary>
/// Asks the model to enrich one incident under the output grammar, verifies what it says, and builds the
/// document. When the model's answer cannot be used the deterministic enrichment stands, marked
/// <see cref="NarrativeStatus.Failed"/>, so the narrative can be redone later (degrade, don't stop).
/// </summary>
internal sealed partial class IncidentNarrator(
    ILanguageModel model,
    SamplingSettings sampling,
    EnrichmentVerifier verifier,
    ILogger<IncidentNarrator> logger)
{
    /// <summary>
    /// Enriches a batch of incidents. They go to the model as one group, so the engine decodes them together
    /// and forks the shared prompt prefix into each; answers come back in order.
    /// </summary>
    public async Task<IReadOnlyList<EnrichedIncident>> EnrichAsync(
        IReadOnlyList<(IncidentFindings Findings, RenderedPrompt Prompt)> incidents,
        CancellationToken cancellationToken)
    {
        var requests = incidents
            .Select(i => new CompletionRequest(i.Prompt.Prompt, sampling, EnrichmentGrammar.Text))
            .ToList();
        IReadOnlyList<Completion?> completions;
        try
        {
            completions = await model.CompleteManyAsync(requests, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One failing request fails the group: retry one by one so that only the culprit degrades.
            LogGroupFailed(logger, incidents.Count, ex.GetType().Name);
            completions = await CompleteOneByOneAsync(requests, incidents, cancellationToken);
        }

        return incidents.Select((item, i) => Document(item.Findings, item.Prompt, completions[i])).ToList();
    }

    private async Task<IReadOnlyList<Completion?>> CompleteOneByOneAsync(
        IReadOnlyList<CompletionRequest> requests,
        IReadOnlyList<(IncidentFindings Findings, RenderedPrompt Prompt)> incidents,
        CancellationToken cancellationToken)
    {
        var completions = new List<Completion?>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            try
            {
                completions.Add(await model.CompleteAsync(requests[i], cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogModelFailed(logger, incidents[i].Findings.Incident.Id, ex.GetType().Name);
                completions.Add(null);
            }
        }

        return completions;
    }

    private EnrichedIncident Document(IncidentFindings findings, RenderedPrompt prompt, Completion? completion)
    {
        var provenance = Provenance(completion);
        if (completion is null)
        {
            return IncidentDocuments.Deterministic(findings, NarrativeStatus.Failed, provenance);
        }

        if (!ModelEnrichmentParser.TryParse(completion.Text, out var output, out var error) || output is null)
        {
            LogUnparseable(logger, findings.Incident.Id, completion.GeneratedTokens, completion.HitTokenLimit, error ?? "unknown");
            LogRawOutput(logger, findings.Incident.Id, completion.Text);
            return IncidentDocuments.Deterministic(findings, NarrativeStatus.Failed, provenance);
        }

        return IncidentDocuments.Generated(findings, verifier.Verify(findings, output, prompt.EventRefs), provenance);
    }

    private EnrichmentProvenance Provenance(Completion? completion) => new()
    {
        PromptVersion = EnrichmentPrompt.Version,
        ModelName = model.Descriptor.Name,
        ModelSha256 = model.Descriptor.Sha256,
        Seed = sampling.Seed,
        Temperature = Math.Round(sampling.Temperature, 3),
        PromptTokens = completion?.PromptTokens,
        CachedPromptTokens = completion?.CachedPromptTokens,
        GeneratedTokens = completion?.GeneratedTokens,
        DecodeTokensPerSecond = completion is null ? null : Math.Round(completion.DecodeTokensPerSecond, 1),
        TimeToFirstTokenMs = completion is null ? null : Math.Round(completion.TimeToFirstToken.TotalMilliseconds, 1),
        GenerationMs = completion is null ? null : Math.Round(completion.Total.TotalMilliseconds, 1),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group of {Count} enrichment requests failed ({ErrorType}); retrying them one by one")]
    private static partial void LogGroupFailed(ILogger logger, int count, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model failed on incident {IncidentId} ({ErrorType}); keeping the deterministic enrichment")]
    private static partial void LogModelFailed(ILogger logger, string incidentId, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unusable model output for incident {IncidentId} after {Tokens} tokens (token limit hit: {HitLimit}): {Error}")]
    private static partial void LogUnparseable(ILogger logger, string incidentId, int tokens, bool hitLimit, string error);

    // Model output can quote event content: Trace only.
    [LoggerMessage(Level = LogLevel.Trace, Message = "Raw model output for incident {IncidentId}: {Output}")]
    private static partial void LogRawOutput(ILogger logger, string incidentId, string output);
}
