using Llama3Siem.Prompts.Templates;
using Llama3Siem.Prompts.Verification;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Inference;

/// <summary>
/// The model for this process, if one is configured: loaded once, on first use. Without
/// <c>Llama:ModelPath</c> there is no model, tokens are estimated, and incidents are enriched deterministically.
/// </summary>
internal sealed class ModelSession : IDisposable
{
    private readonly Lazy<ILanguageModel?> _model;
    private readonly Lazy<IncidentNarrator?> _narrator;
    private readonly LlamaOptions _options;

    public ModelSession(IOptions<LlamaOptions> options, EnrichmentVerifier verifier, ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _model = new Lazy<ILanguageModel?>(
            () => string.IsNullOrWhiteSpace(_options.ModelPath) ? null : LlamaModelLoader.Load(_options, loggerFactory),
            LazyThreadSafetyMode.ExecutionAndPublication);
        _narrator = new Lazy<IncidentNarrator?>(
            () => Model is { } model
                ? new IncidentNarrator(model, Sampling, verifier, loggerFactory.CreateLogger<IncidentNarrator>())
                : null,
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public bool Configured => !string.IsNullOrWhiteSpace(_options.ModelPath);

    public ILanguageModel? Model => _model.Value;

    /// <summary>Whether the configured model has finished loading (it loads on first use, or when the API warms it).</summary>
    public bool IsLoaded => _model.IsValueCreated;

    public IncidentNarrator? Narrator => _narrator.Value;

    /// <summary>The model's tokenizer when a model is loaded, else an over-estimating counter.</summary>
    public ITokenCounter TokenCounter => (ITokenCounter?)Model ?? EstimatingTokenCounter.Instance;

    /// <summary>Tokens one prompt may use: the context less the room the answer needs.</summary>
    public int PromptBudget => _options.ContextSize - _options.MaxTokens;

    public SamplingSettings Sampling => _options.ToSamplingSettings();

    public void Dispose()
    {
        if (_model.IsValueCreated)
        {
            _model.Value?.Dispose();
        }
    }
}
