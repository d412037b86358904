using System.Text;

namespace Llama3Siem.Prompts.Templates;

/// <summary>
/// A prompt as the model must read it: an ordered list of template markup and content, never one string whose
/// special-token text a tokenizer would have to guess about. This is what keeps untrusted text from becoming an
/// instruction by construction: an in-process model tokenises <see cref="PromptPartKind.Content"/> with special
/// tokens off, so the only special tokens of the sequence are those of the markup parts, which only
/// <see cref="Llama3PromptBuilder"/> writes.
/// </summary>
/// <remarks>
/// The first <see cref="StableParts"/> parts are the stable prefix: identical for every prompt of its kind and
/// version, so an engine decodes them once and reuses their KV cells. Because parts are tokenised one by one, the
/// prefix's tokens are always exactly the leading tokens of the prompt's.
/// </remarks>
public sealed class TemplatedPrompt
{
    private string? _text;
    private string? _stableText;
    private string? _stableKey;
    private TemplatedPrompt? _stablePrefix;

    internal TemplatedPrompt(IReadOnlyList<PromptPart> parts, int stableParts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stableParts);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stableParts, parts.Count);
        Parts = parts;
        StableParts = stableParts;
    }

    public IReadOnlyList<PromptPart> Parts { get; }

    /// <summary>How many leading parts form the stable prefix; 0 when the prompt has none.</summary>
    public int StableParts { get; }

    /// <summary>
    /// The prompt as text, for display, logs at Trace and remote servers that template messages themselves.
    /// Never tokenise it with special-token parsing on: that would undo the separation this type keeps.
    /// </summary>
    public string Text => _text ??= Concatenate(Parts.Count);

    /// <summary>The text of the stable prefix; empty when there is none. <see cref="Text"/> always starts with it.</summary>
    public string StablePrefixText => _stableText ??= Concatenate(StableParts);

    /// <summary>The stable prefix as a prompt of its own (all of its parts stable), or null when there is none.</summary>
    public TemplatedPrompt? StablePrefix => StableParts == 0 ? null : _stablePrefix ??= new TemplatedPrompt(Parts.Take(StableParts).ToArray(), StableParts);

    /// <summary>
    /// An exact key for the stable prefix's parts and kinds (two prefixes with the same text but different markup
    /// differ), for caches of tokenised prefixes; empty when there is none.
    /// </summary>
    public string StablePrefixKey => _stableKey ??= Key(StableParts);

    public override string ToString() => Text;

    private string Key(int parts)
    {
        var key = new StringBuilder();
        foreach (var part in Parts.Take(parts))
        {
            key.Append(part.Kind == PromptPartKind.Markup ? 'M' : 'C').Append(part.Text.Length).Append(':').Append(part.Text);
        }

        return key.ToString();
    }

    private string Concatenate(int parts)
    {
        var text = new StringBuilder();
        for (var i = 0; i < parts; i++)
        {
            text.Append(Parts[i].Text);
        }

        return text.ToString();
    }
}
