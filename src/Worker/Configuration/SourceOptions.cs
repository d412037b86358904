namespace Llama3Siem.Worker.Configuration;

/// <summary>Where events come from. Section <c>Source</c>.</summary>
public sealed class SourceOptions
{
    public const string SectionName = "Source";

    /// <summary><c>file</c> (default): JSON lines from <see cref="File"/>; <c>kafka</c>: the <c>Kafka</c> section.</summary>
    public string Kind { get; set; } = SourceKinds.File;

    public FileSourceOptions File { get; set; } = new();
}

/// <summary>Section <c>Source:File</c>.</summary>
public sealed class FileSourceOptions
{
    /// <summary>A file of JSON lines, or <c>-</c> for standard input. Default <c>samples/events.jsonl</c>.</summary>
    public string Path { get; set; } = "samples/events.jsonl";
}

public static class SourceKinds
{
    public const string File = "file";
    public const string Kafka = "kafka";
}
