using System.Text;
using LLama;
using LLama.Native;
using Llama3Siem.Prompts.Templates;

namespace Llama3Siem.Worker.Inference;

/// <summary>
/// Turns a <see cref="TemplatedPrompt"/> into the model's tokens, part by part: markup with special-token
/// parsing on, content with it off. This is the engine boundary where untrusted text is kept from becoming an
/// instruction: whatever a content part spells (<c>&lt;|eot_id|&gt;</c>, a forged header), it yields ordinary
/// text tokens, so every special token of the sequence comes from the template.
/// </summary>
internal sealed class PromptTokenizer(LLamaWeights weights) : ITokenCounter
{
    /// <summary>Tokens of content text: special-token text reads as plain text.</summary>
    public int CountContentTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? 0 : TokenizePart(new PromptPart(PromptPartKind.Content, text)).Length;
    }

    int ITokenCounter.CountTokens(string text) => CountContentTokens(text);

    /// <summary>Tokens the model decodes for <paramref name="prompt"/>, begin-of-sequence included.</summary>
    public int CountTokens(TemplatedPrompt prompt) => Tokenize(prompt).Length;

    /// <summary>The prompt's tokens; a BOS is added only when the model wants one and the prompt has none.</summary>
    public LLamaToken[] Tokenize(TemplatedPrompt prompt) => Tokenize(prompt, addBos: true).Tokens;

    /// <summary>
    /// The prompt's tokens with, for each, whether it came from markup (a template position) or from content.
    /// </summary>
    public (LLamaToken[] Tokens, bool[] FromMarkup) Tokenize(TemplatedPrompt prompt, bool addBos)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var tokens = new List<LLamaToken>();
        var fromMarkup = new List<bool>();
        foreach (var part in prompt.Parts)
        {
            var partTokens = TokenizePart(part);
            tokens.AddRange(partTokens);
            fromMarkup.AddRange(Enumerable.Repeat(part.Kind == PromptPartKind.Markup, partTokens.Length));
        }

        if (addBos && tokens.Count > 0 && weights.Vocab.BOS is { } bos && weights.Vocab.ShouldAddBOS && !tokens.Contains(bos))
        {
            // The model's own begin-of-sequence is template, not content.
            tokens.Insert(0, bos);
            fromMarkup.Insert(0, true);
        }

        return (tokens.ToArray(), fromMarkup.ToArray());
    }

    /// <summary>Whether <paramref name="token"/> is one of the vocabulary's control (special) tokens.</summary>
    public bool IsSpecial(LLamaToken token) => token.IsControl(weights.Vocab);

    /// <summary>The text of a token as the vocabulary spells it (special tokens included).</summary>
    public string TextOf(LLamaToken token) => weights.Vocab.LLamaTokenToString(token, isSpecialToken: true) ?? string.Empty;

    private LLamaToken[] TokenizePart(PromptPart part) =>
        part.Text.Length == 0
            ? []
            : weights.Tokenize(part.Text, add_bos: false, special: part.Kind == PromptPartKind.Markup, Encoding.UTF8);
}
