using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>
/// Keys of letters a destination already holds, at most <see cref="Capacity"/> of them; past that the oldest is
/// forgotten (a very old record redelivered would then be written again: a duplicate, never a loss). Keys are
/// kept as 128 bits of their SHA-256, about 40 bytes each, and a false match is practically impossible.
/// Not thread-safe: its sink holds a lock around it.
/// </summary>
internal sealed class RememberedKeys(int capacity)
{
    public const int DefaultCapacity = 1_000_000;

    private readonly HashSet<UInt128> _keys = [];
    private readonly Queue<UInt128> _order = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count => _keys.Count;

    public bool Contains(string key) => _keys.Contains(Hash(key));

    public void Add(string key)
    {
        var hash = Hash(key);
        if (!_keys.Add(hash))
        {
            return;
        }

        _order.Enqueue(hash);
        if (_order.Count > Capacity)
        {
            _keys.Remove(_order.Dequeue());
        }
    }

    private static UInt128 Hash(string key)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }
}
