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
    public async Task<EnrichedIncident> EnrichAsync(IncidentFindings findings, RenderedPrompt prompt, CancellationToken cancellationToken)
    {
        Completion completion;
        try
        {
            completion = await model.CompleteAsync(new CompletionRequest(prompt.Text, sampling, EnrichmentGrammar.Text), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogModelFailed(logger, findings.Incident.Id, ex.GetType().Name);
            return IncidentDocuments.Deterministic(findings, NarrativeStatus.Failed, Provenance(null));
        }

        var provenance = Provenance(completion);
        if (!ModelEnrichmentParser.TryParse(completion.Text, out var output, out var error) || output is null)
        {
            LogUnparseable(logger, findings.Incident.Id, completion.GeneratedTokens, completion.HitTokenLimit, error ?? "unknown");
            LogRawOutput(logger, findings.Incident.Id, completion.Text);
            return IncidentDocuments.Deterministic(findings, NarrativeStatus.Failed, provenance);
        }

        var verified = verifier.Verify(findings, output);
        return IncidentDocuments.Generated(findings, verified, provenance);
    }

    private EnrichmentProvenance Provenance(Completion? completion) => new()
    {
        PromptVersion = EnrichmentPrompt.Version,
        ModelName = model.Descriptor.Name,
        ModelSha256 = model.Descriptor.Sha256,
        Seed = sampling.Seed,
        Temperature = Math.Round(sampling.Temperature, 3),
        PromptTokens = completion?.PromptTokens,
        GeneratedTokens = completion?.GeneratedTokens,
        TimeToFirstTokenMs = completion is null ? null : Math.Round(completion.TimeToFirstToken.TotalMilliseconds, 1),
        GenerationMs = completion is null ? null : Math.Round(completion.Total.TotalMilliseconds, 1),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model failed on incident {IncidentId} ({ErrorType}); keeping the deterministic enrichment")]
    private static partial void LogModelFailed(ILogger logger, string incidentId, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unusable model output for incident {IncidentId} after {Tokens} tokens (token limit hit: {HitLimit}): {Error}")]
    private static partial void LogUnparseable(ILogger logger, string incidentId, int tokens, bool hitLimit, string error);

    // Model output can quote event content: Trace only.
    [LoggerMessage(Level = LogLevel.Trace, Message = "Raw model output for incident {IncidentId}: {Output}")]
    private static partial void LogRawOutput(ILogger logger, string incidentId, string output);
}
