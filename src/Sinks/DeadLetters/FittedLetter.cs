namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>A letter as it will be written (perhaps truncated) and its JSON.</summary>
public sealed record FittedLetter(DeadLetter Letter, byte[] Json);
