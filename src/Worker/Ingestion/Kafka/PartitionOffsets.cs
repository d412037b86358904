namespace Llama3Siem.Worker.Ingestion.Kafka;

/// <summary>
/// One partition's watermark: the offsets handed out and not yet acknowledged. The offset that may be stored
/// (the next one to consume after a restart) is the lowest still in flight, or one past the highest seen when
/// nothing is in flight, so a restart never skips unfinished work, whatever order acknowledgements come in.
/// </summary>
internal sealed class PartitionOffsets
{
    private readonly SortedSet<long> _inFlight = [];
    private long _highestSeen = -1;

    public int InFlight => _inFlight.Count;

    public void Track(long offset)
    {
        _inFlight.Add(offset);
        _highestSeen = Math.Max(_highestSeen, offset);
    }

    /// <summary>Marks an offset done; returns the offset that may now be stored, or null when none has been seen.</summary>
    public long? Complete(long offset)
    {
        _inFlight.Remove(offset);
        return Committable;
    }

    public long? Committable => _highestSeen < 0 ? null : _inFlight.Count > 0 ? _inFlight.Min : _highestSeen + 1;
}
