using Llama3Siem.Prompts.Templates;
using Llama3Siem.Worker.Chat;
using Llama3Siem.Worker.Inference;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Llama3Siem.Worker.Tests.Api;

/// <summary>
/// The real model with its output constrained by a grammar, so that a random-weight test model writes a chosen
/// answer (token by token, as it really streams) that the server must then clean.
/// </summary>
internal sealed class GrammarForcedModel(ILanguageModel model, string grammar) : ILanguageModel
{
    /// <summary>Makes the server's chat answer with its configured model (<c>Llama:ModelPath</c>) held to <paramref name="grammar"/>.</summary>
    public static Action<IServiceCollection> ForChat(string grammar, int maxTokens = 200) => services =>
        services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var session = sp.GetRequiredService<ModelSession>();
            return new ChatModel(() => new GrammarForcedModel(session.Model!, grammar), session.Sampling with { MaxTokens = maxTokens }, 4096);
        }));

    public ModelDescriptor Descriptor => model.Descriptor;

    public int CountTokens(string text) => model.CountTokens(text);

    public int CountTokens(TemplatedPrompt prompt) => model.CountTokens(prompt);

    public Task<Completion> CompleteAsync(CompletionRequest request, CancellationToken cancellationToken) =>
        model.CompleteAsync(request with { Grammar = grammar }, cancellationToken);

    public Task<IReadOnlyList<Completion>> CompleteManyAsync(IReadOnlyList<CompletionRequest> requests, CancellationToken cancellationToken) =>
        model.CompleteManyAsync(requests.Select(r => r with { Grammar = grammar }).ToList(), cancellationToken);

    public IAsyncEnumerable<string> StreamAsync(CompletionRequest request, CancellationToken cancellationToken) =>
        model.StreamAsync(request with { Grammar = grammar }, cancellationToken);

    public void Dispose()
    {
        // The wrapped model belongs to the host.
    }
}
