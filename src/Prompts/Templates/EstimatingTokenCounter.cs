using System.Text;

namespace Llama3Siem.Prompts.Templates;

/// <summary>
/// Token count upper estimate for when no model is loaded: one token per three UTF-8 bytes. Llama 3's tokenizer
/// averages about four characters per token on English and somewhat fewer on JSON and paths, so this
/// over-counts and batches stay inside the real budget.
/// </summary>
public sealed class EstimatingTokenCounter : ITokenCounter
{
    public static EstimatingTokenCounter Instance { get; } = new();

    public int CountTokens(string text) => (Encoding.UTF8.GetByteCount(text) + 2) / 3;

    /// <remarks>Counted on the whole text: each marker is one token, so this over-counts them too.</remarks>
    public int CountTokens(TemplatedPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return CountTokens(prompt.Text);
    }
}
