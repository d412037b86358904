namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>
/// How much disk the dead-letter file may take: the current file grows to <see cref="MaxFileBytes"/>, then is
/// renamed <c>name.1.jsonl</c> (older ones move up) and a new one begins; at most <see cref="MaxFiles"/> files
/// are kept, the current one included, so the oldest is deleted. A letter larger than a file is truncated.
/// </summary>
public sealed record DeadLetterFileLimits(long MaxFileBytes = DeadLetterFileLimits.DefaultMaxFileBytes, int MaxFiles = DeadLetterFileLimits.DefaultMaxFiles)
{
    public const long DefaultMaxFileBytes = 256L * 1024 * 1024;
    public const int DefaultMaxFiles = 4;

    /// <summary>The smallest file: a truncated letter keeps at least some of its original.</summary>
    public const long MinimumFileBytes = 64 * 1024;

    public static DeadLetterFileLimits Default { get; } = new();
}
