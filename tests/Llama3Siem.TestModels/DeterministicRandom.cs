namespace Llama3Siem.TestModels;

/// <summary>
/// SplitMix64: fast, and its output for a seed is fixed by this code rather than by a runtime's
/// implementation of <see cref="Random"/>, so a model file is byte-identical for a seed everywhere.
/// </summary>
internal sealed class DeterministicRandom(ulong seed)
{
    private ulong _state = seed;

    public static DeterministicRandom For(int seed, string stream)
    {
        // FNV-1a over the stream name keeps each tensor's values independent of the order tensors are written.
        var hash = 14695981039346656037UL;
        foreach (var c in stream)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return new DeterministicRandom(hash ^ ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL));
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [-1, 1).</summary>
    public float NextSigned() => (float)((NextUInt64() >> 40) * (1.0 / (1UL << 23)) - 1.0);
}
