using Llama3Siem.Worker.Inference;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Reports;

/// <summary>
/// Writes a report's executive narrative: the model's summary when a model is configured and every number it
/// states is a figure of the report, otherwise the deterministic sentences (degrade, don't stop).
/// </summary>
internal sealed partial class ReportNarrator(Func<ILanguageModel?> model, SamplingSettings sampling, ILogger<ReportNarrator> logger)
{
    /// <summary>An executive summary is a few sentences; the model's sampling limit may be larger.</summary>
    public const int MaxTokens = 256;

    public async Task<ReportNarrative> NarrateAsync(ThreatReport report, CancellationToken cancellationToken)
    {
        var fallback = DeterministicNarrative.Write(report);
        string text;
        try
        {
            // Loaded on first use: a model that cannot load costs the narrative, not the report.
            if (model() is not { } loaded)
            {
                return new ReportNarrative(fallback, ReportNarrativeStatus.NotGenerated);
            }

            var request = new CompletionRequest(
                ReportNarrativePrompt.Render(report),
                sampling with { MaxTokens = Math.Min(sampling.MaxTokens, MaxTokens) },
                Priority: RequestPriority.Batch);
            text = (await loaded.CompleteAsync(request, cancellationToken)).Text.Trim();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogModelFailed(logger, ex.GetType().Name);
            return new ReportNarrative(fallback, ReportNarrativeStatus.NotGenerated);
        }

        if (text.Length == 0)
        {
            return new ReportNarrative(fallback, ReportNarrativeStatus.NotGenerated);
        }

        var check = NarrativeFigures.Check(text, report);
        if (!check.AllSupported)
        {
            LogRejected(logger, check.Unsupported.Count, check.Found);
            return new ReportNarrative(fallback, ReportNarrativeStatus.RejectedNumbers, check.Found, check.Unsupported.Count);
        }

        return new ReportNarrative(text, ReportNarrativeStatus.Generated, check.Found, 0);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model failed to write a report narrative ({ErrorType}); using the deterministic one")]
    private static partial void LogModelFailed(ILogger logger, string errorType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected the model's report narrative: {Unsupported} of its {Found} numbers are not figures of the report")]
    private static partial void LogRejected(ILogger logger, int unsupported, int found);
}
