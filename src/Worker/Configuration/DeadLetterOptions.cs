namespace Llama3Siem.Worker.Configuration;

/// <summary>Where rejected records go. Section <c>DeadLetters</c>.</summary>
public sealed class DeadLetterOptions
{
    public const string SectionName = "DeadLetters";

    /// <summary>A JSON-lines file, one rejected record per line with the reason. Default <c>.data/dead-letters.jsonl</c>.</summary>
    public string Path { get; set; } = ".data/dead-letters.jsonl";

    /// <summary>
    /// How long a dead letter may stay unwritten (its destination failing) before the worker reports itself not
    /// ready, with the reason. Meanwhile only that record's partition holds its offset; everything else flows.
    /// Default 2 minutes; 1 second to 1 day.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Dead letters that may be waiting for their destination at once; at this many the pipeline waits for one
    /// to finish (backpressure, never loss). Default 1,000; 1 to 100,000.
    /// </summary>
    public int MaxPending { get; set; } = 1_000;
}
