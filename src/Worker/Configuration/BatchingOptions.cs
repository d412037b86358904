namespace Llama3Siem.Worker.Configuration;

/// <summary>How incidents are grouped for the model and the store. Section <c>Batching</c>.</summary>
public sealed class BatchingOptions
{
    public const string SectionName = "Batching";

    /// <summary>A batch for the model closes when its incidents hold this many events. Default 64; 1 to 100,000.</summary>
    public int MaxEvents { get; set; } = 64;

    /// <summary>
    /// Without a model a batch only goes to the store, where each batch is one durable commit: it closes at this
    /// many events instead. Default 2,000; 1 to 100,000.
    /// </summary>
    public int MaxEventsWithoutModel { get; set; } = 2000;

    /// <summary>A batch closes when its oldest incident has waited this long. Default 5 seconds; 10 ms to 10 minutes.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A batch closes before its prompts together would exceed this many tokens (counted with the model's
    /// tokenizer when one is loaded, else estimated). A single larger incident makes a batch of its own.
    /// Default 8192; 256 to 1,048,576.
    /// </summary>
    public int MaxPromptTokens { get; set; } = 8192;
}
