namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>Takes records the pipeline rejects. A write returns only once the record is durable.</summary>
public interface IDeadLetterSink
{
    Task WriteAsync(DeadLetter deadLetter, CancellationToken cancellationToken);
}
