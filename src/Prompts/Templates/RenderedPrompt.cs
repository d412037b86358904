namespace Llama3Siem.Prompts.Templates;

/// <summary>
/// A prompt ready for the model, with the map from the prompt's event references (<c>e1</c>, <c>e2</c>, ...)
/// back to event ids, and what the token budget left out.
/// </summary>
/// <param name="StablePrefix">The part shared by every prompt of this kind and version (cacheable).</param>
public sealed record RenderedPrompt(
    string Text,
    string StablePrefix,
    IReadOnlyDictionary<string, string> EventRefs,
    int IncludedEvents,
    int OmittedEvents,
    int Tokens);
