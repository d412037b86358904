using Llama3Siem.Prompts.Templates;

namespace Llama3Siem.Worker.Inference;

/// <summary>
/// The model seam: everything that needs a completion depends on this, never on LLamaSharp directly.
/// Implementations load the model once and are safe to call from one caller at a time or serialise internally.
/// </summary>
public interface ILanguageModel : ITokenCounter, IDisposable
{
    ModelDescriptor Descriptor { get; }

    /// <summary>Completes a fully rendered prompt (chat template already applied, BOS included as text).</summary>
    Task<Completion> CompleteAsync(CompletionRequest request, CancellationToken cancellationToken);
}

/// <summary>Which model produced a result: its file name and SHA-256, and the context size it runs with.</summary>
public sealed record ModelDescriptor(string Name, string Sha256, int ContextSize);

/// <summary>A prompt to complete, with an optional GBNF grammar that constrains the output.</summary>
public sealed record CompletionRequest(string Prompt, SamplingSettings Sampling, string? Grammar = null);

/// <summary>Sampling defaults follow the Llama 3 model card: temperature 0.7, top-p 0.9, 512 new tokens.</summary>
public sealed record SamplingSettings(float Temperature = 0.7f, float TopP = 0.9f, int MaxTokens = 512, uint Seed = 42);

/// <summary>The generated text and what it cost.</summary>
/// <param name="HitTokenLimit">True when generation stopped at <see cref="SamplingSettings.MaxTokens"/> rather than end-of-turn.</param>
public sealed record Completion(
    string Text,
    int PromptTokens,
    int GeneratedTokens,
    TimeSpan TimeToFirstToken,
    TimeSpan Total,
    bool HitTokenLimit);
