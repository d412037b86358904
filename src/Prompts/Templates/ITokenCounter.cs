namespace Llama3Siem.Prompts.Templates;

/// <summary>Counts prompt tokens: with the model's tokenizer when a model is loaded, else an upper estimate.</summary>
public interface ITokenCounter
{
    /// <summary>Tokens of <paramref name="text"/> read as content: special-token text in it counts as plain text.</summary>
    int CountTokens(string text);

    /// <summary>Tokens of a whole prompt as the model will read it: markup as special tokens, content as text.</summary>
    int CountTokens(TemplatedPrompt prompt);
}
