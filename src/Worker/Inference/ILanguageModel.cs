using Llama3Siem.Prompts.Templates;

namespace Llama3Siem.Worker.Inference;

/// <summary>
/// The model seam: everything that needs a completion depends on this, never on LLamaSharp directly.
/// Implementations load the model once and are safe to call concurrently.
/// </summary>
public interface ILanguageModel : ITokenCounter, IDisposable
{
    ModelDescriptor Descriptor { get; }

    /// <summary>Completes a templated prompt (markup tokenised as special tokens, content never).</summary>
    Task<Completion> CompleteAsync(CompletionRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Completes several prompts submitted together, answers in request order. An engine that decodes many
    /// sequences at once admits them as one group, so the same group gives the same answers run after run.
    /// </summary>
    Task<IReadOnlyList<Completion>> CompleteManyAsync(IReadOnlyList<CompletionRequest> requests, CancellationToken cancellationToken);

    /// <summary>Streams the answer's text as it is generated (for chat).</summary>
    IAsyncEnumerable<string> StreamAsync(CompletionRequest request, CancellationToken cancellationToken);
}

/// <summary>Which model produced a result: its file name and SHA-256, and the context one request may use.</summary>
public sealed record ModelDescriptor(string Name, string Sha256, int ContextSize);

/// <summary>Interactive requests (an analyst waiting on chat) are served before batch enrichment.</summary>
public enum RequestPriority
{
    Batch,
    Interactive,
}

/// <summary>A prompt to complete, with an optional GBNF grammar that constrains the output.</summary>
/// <param name="Prompt">
/// The prompt, as markup and content parts. Its stable prefix (<see cref="TemplatedPrompt.StableParts"/>: system
/// turn, rules, examples) is shared by every prompt of its kind; an engine with a prefix cache decodes it once.
/// </param>
/// <param name="IgnoreEndOfTurn">Keep generating past end-of-turn until MaxTokens: for benchmarks only.</param>
public sealed record CompletionRequest(
    TemplatedPrompt Prompt,
    SamplingSettings Sampling,
    string? Grammar = null,
    RequestPriority Priority = RequestPriority.Batch,
    bool IgnoreEndOfTurn = false);

/// <summary>Sampling defaults follow the Llama 3 model card: temperature 0.7, top-p 0.9, 512 new tokens.</summary>
public sealed record SamplingSettings(float Temperature = 0.7f, float TopP = 0.9f, int MaxTokens = 512, uint Seed = 42);

/// <summary>The generated text and what it cost.</summary>
/// <param name="PromptTokens">Tokens of the whole prompt, including those served from the prefix cache.</param>
/// <param name="CachedPromptTokens">Prompt tokens that were not decoded again because a cached prefix held them.</param>
/// <param name="TimeToFirstToken">From submission (queueing included) to the first generated token.</param>
/// <param name="DecodeTime">From the first generated token to the last.</param>
/// <param name="HitTokenLimit">True when generation stopped at <see cref="SamplingSettings.MaxTokens"/> rather than end-of-turn.</param>
public sealed record Completion(
    string Text,
    int PromptTokens,
    int GeneratedTokens,
    TimeSpan TimeToFirstToken,
    TimeSpan Total,
    bool HitTokenLimit,
    int CachedPromptTokens = 0,
    TimeSpan DecodeTime = default)
{
    /// <summary>Generated tokens per second after the first one; 0 when fewer than two tokens were generated.</summary>
    public double DecodeTokensPerSecond =>
        GeneratedTokens > 1 && DecodeTime > TimeSpan.Zero ? (GeneratedTokens - 1) / DecodeTime.TotalSeconds : 0;
}
