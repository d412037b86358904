using Llama3Siem.Sinks.DeadLetters;

namespace Llama3Siem.Worker.Configuration;

/// <summary>Where rejected records go. Section <c>DeadLetters</c>.</summary>
public sealed class DeadLetterOptions
{
    public const string SectionName = "DeadLetters";

    /// <summary>
    /// A JSON-lines file, one rejected record per line with the reason. Default <c>.data/dead-letters.jsonl</c>.
    /// With <c>Kafka:DeadLetterTopic</c> set, it takes the letters the topic refuses for good.
    /// </summary>
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

    /// <summary>
    /// Bytes the file may grow to before it is renamed <c>dead-letters.1.jsonl</c> and a new one begins; a letter
    /// larger than this is truncated. Default 268,435,456 (256 MiB); 65,536 to 1,099,511,627,776.
    /// </summary>
    public long MaxFileBytes { get; set; } = DeadLetterFileLimits.DefaultMaxFileBytes;

    /// <summary>Files kept, the current one included; the oldest beyond this is deleted. Default 4; 1 to 1,000.</summary>
    public int MaxFiles { get; set; } = DeadLetterFileLimits.DefaultMaxFiles;
}
