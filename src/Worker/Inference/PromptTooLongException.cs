namespace Llama3Siem.Worker.Inference;

/// <summary>The prompt plus the answer's token budget does not fit the model's context.</summary>
public sealed class PromptTooLongException : Exception
{
    public PromptTooLongException(int promptTokens, int maxTokens, int contextSize)
        : base($"The prompt has {promptTokens} tokens; with room for {maxTokens} answer tokens it needs "
            + $"{promptTokens + maxTokens}, but the context holds {contextSize}. Shorten the prompt, lower MaxTokens "
            + $"or raise {LlamaOptions.SectionName}:ContextSize.")
    {
        PromptTokens = promptTokens;
        MaxTokens = maxTokens;
        ContextSize = contextSize;
    }

    public PromptTooLongException()
    {
    }

    public PromptTooLongException(string message)
        : base(message)
    {
    }

    public PromptTooLongException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int PromptTokens { get; }

    public int MaxTokens { get; }

    public int ContextSize { get; }
}
