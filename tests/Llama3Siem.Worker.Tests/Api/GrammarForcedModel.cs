using Llama3Siem.Worker.Inference;

namespace Llama3Siem.Worker.Tests.Api;

/// <summary>
/// The real model with its output constrained by a grammar, so that a random-weight test model writes a chosen
/// answer (token by token, as it really streams) that the server must then clean.
/// </summary>
internal sealed class GrammarForcedModel(ILanguageModel model, string grammar) : ILanguageModel
{
    public ModelDescriptor Descriptor => model.Descriptor;

    public int CountTokens(string text) => model.CountTokens(text);

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
