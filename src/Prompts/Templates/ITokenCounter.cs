namespace Llama3Siem.Prompts.Templates;

/// <summary>Counts prompt tokens: with the model's tokenizer when a model is loaded, else an upper estimate.</summary>
public interface ITokenCounter
{
    int CountTokens(string text);
}
