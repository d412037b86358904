using Llama3Siem.Prompts.Templates;
using Llama3Siem.Worker.Inference;

namespace Llama3Siem.Worker.Chat;

/// <summary>
/// The model chat answers with, if one is configured (loaded on first use), with chat's sampling and the context
/// one request may fill.
/// </summary>
internal sealed class ChatModel
{
    private readonly Lazy<ILanguageModel?> _model;

    /// <param name="model">Gives the model, or null when none is configured; called once, on first use.</param>
    /// <param name="sampling">Sampling for answers (the <c>Llama</c> section's, with <c>Chat:MaxTokens</c>).</param>
    /// <param name="contextTokens">Tokens one request may use, prompt and answer together.</param>
    public ChatModel(Func<ILanguageModel?> model, SamplingSettings sampling, int contextTokens)
    {
        _model = new Lazy<ILanguageModel?>(model, LazyThreadSafetyMode.ExecutionAndPublication);
        Sampling = sampling;
        ContextTokens = contextTokens;
    }

    /// <summary>No model: answers are written deterministically, tokens estimated.</summary>
    public static ChatModel None { get; } = new(() => null, new SamplingSettings(), ChatHistoryWindow.DefaultTokenBudget);

    public ILanguageModel? Model => _model.Value;

    public SamplingSettings Sampling { get; }

    public int ContextTokens { get; }

    public ITokenCounter TokenCounter => (ITokenCounter?)Model ?? EstimatingTokenCounter.Instance;

    /// <summary>
    /// The prompt budget: <paramref name="configured"/> (<c>Chat:TokenBudget</c>), held to the model's context less
    /// the answer's tokens when a model will run, since prompt and answer share the context.
    /// </summary>
    public int PromptBudget(int configured) =>
        Model is null ? configured : Math.Min(configured, ContextTokens - Sampling.MaxTokens);
}
