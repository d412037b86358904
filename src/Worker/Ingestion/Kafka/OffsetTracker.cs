using Confluent.Kafka;

namespace Llama3Siem.Worker.Ingestion.Kafka;

/// <summary>
/// Per-partition watermarks of the partitions this consumer owns. Only the consumer thread touches it.
/// Revoked or lost partitions are forgotten: acknowledgements that arrive for them afterwards are ignored,
/// because their offsets now belong to another consumer (which redelivers; stores are idempotent).
/// </summary>
internal sealed class OffsetTracker
{
    private readonly Dictionary<TopicPartition, PartitionOffsets> _partitions = [];

    public int InFlight => _partitions.Values.Sum(p => p.InFlight);

    public void Assign(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _partitions.TryAdd(partition, new PartitionOffsets());
        }
    }

    /// <summary>Forgets partitions; returns what may be stored for each before it goes (for a revoke, not a loss).</summary>
    public IReadOnlyList<TopicPartitionOffset> Remove(IEnumerable<TopicPartition> partitions)
    {
        var committable = new List<TopicPartitionOffset>();
        foreach (var partition in partitions)
        {
            if (_partitions.Remove(partition, out var offsets) && offsets.Committable is { } offset)
            {
                committable.Add(new TopicPartitionOffset(partition, offset));
            }
        }

        return committable;
    }

    public bool Track(TopicPartitionOffset position)
    {
        if (!_partitions.TryGetValue(position.TopicPartition, out var offsets))
        {
            return false;
        }

        offsets.Track(position.Offset.Value);
        return true;
    }

    /// <summary>The offset to store after this acknowledgement, or null when the partition is no longer ours.</summary>
    public TopicPartitionOffset? Complete(TopicPartitionOffset position) =>
        _partitions.TryGetValue(position.TopicPartition, out var offsets) && offsets.Complete(position.Offset.Value) is { } next
            ? new TopicPartitionOffset(position.TopicPartition, next)
            : null;

    public IReadOnlyList<TopicPartitionOffset> AllCommittable() =>
        _partitions
            .Where(p => p.Value.Committable is not null)
            .Select(p => new TopicPartitionOffset(p.Key, p.Value.Committable!.Value))
            .ToList();
}
