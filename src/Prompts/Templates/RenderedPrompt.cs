namespace Llama3Siem.Prompts.Templates;

/// <summary>
/// A prompt ready for the model, with the map from the prompt's event references (<c>e1</c>, <c>e2</c>, ...)
/// back to event ids, and what the token budget left out.
/// </summary>
public sealed record RenderedPrompt(
    TemplatedPrompt Prompt,
    IReadOnlyDictionary<string, string> EventRefs,
    int IncludedEvents,
    int OmittedEvents,
    int Tokens)
{
    /// <summary>The prompt as text (display only; see <see cref="TemplatedPrompt.Text"/>).</summary>
    public string Text => Prompt.Text;

    /// <summary>The part shared by every prompt of this kind and version (cacheable), as text.</summary>
    public string StablePrefix => Prompt.StablePrefixText;
}
