namespace Llama3Siem.Prompts.Templates;

/// <summary>How the model's tokenizer must read a piece of a prompt.</summary>
public enum PromptPartKind
{
    /// <summary>
    /// The chat template's own markers (begin-of-text, message headers, end-of-turn), written by our code only:
    /// tokenised with special-token parsing on, so they become the template's special tokens.
    /// </summary>
    Markup,

    /// <summary>
    /// Message text (our instructions and every piece of untrusted data): tokenised with special-token parsing
    /// off, so no text in it can ever become a special token, whatever it spells.
    /// </summary>
    Content,
}

/// <summary>One piece of a <see cref="TemplatedPrompt"/>.</summary>
public readonly record struct PromptPart(PromptPartKind Kind, string Text);
