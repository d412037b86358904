using Llama3Siem.Sinks.DeadLetters;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>
/// A real file destination that refuses every letter (as a transient failure) while <see cref="Held"/> is set: a
/// dead-letter topic whose broker is away.
/// </summary>
internal sealed class HeldDeadLetterSink(JsonlFileDeadLetterSink inner) : IDeadLetterSink
{
    private int _refusals;

    public volatile bool Held = true;

    public int Refusals => Volatile.Read(ref _refusals);

    public Task WriteAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        if (Held)
        {
            Interlocked.Increment(ref _refusals);
            throw new IOException("The dead-letter destination is away (injected by the test).");
        }

        return inner.WriteAsync(deadLetter, cancellationToken);
    }
}
