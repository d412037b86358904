namespace Llama3Siem.Worker.Configuration;

/// <summary>Where rejected records go. Section <c>DeadLetters</c>.</summary>
public sealed class DeadLetterOptions
{
    public const string SectionName = "DeadLetters";

    /// <summary>A JSON-lines file, one rejected record per line with the reason. Default <c>.data/dead-letters.jsonl</c>.</summary>
    public string Path { get; set; } = ".data/dead-letters.jsonl";
}
