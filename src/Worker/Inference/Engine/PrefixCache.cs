using LLama.Batched;

namespace Llama3Siem.Worker.Inference.Engine;

/// <summary>
/// Stable prompt prefixes decoded once and kept as root sequences in the KV cache, so a request forks the
/// prefix and pays prefill only for its own suffix. Bounded by KV cells and entry count; the least recently used
/// entry that no running request uses goes first. Owned by the engine loop: not thread-safe.
/// </summary>
internal sealed class PrefixCache(int maxTokens, int maxEntries)
{
    private readonly Dictionary<TokenSequence, PrefixEntry> _entries = [];

    public int Count => _entries.Count;

    /// <summary>KV cells held by cached prefixes.</summary>
    public int Tokens => _entries.Values.Sum(e => e.Tokens.Length);

    public bool TryGet(TokenSequence tokens, out PrefixEntry entry) => _entries.TryGetValue(tokens, out entry!);

    /// <summary>
    /// Starts decoding a new prefix when it fits (evicting idle entries if needed); null when it cannot be
    /// cached, in which case the request decodes its whole prompt itself.
    /// </summary>
    public PrefixEntry? TryAdd(BatchedExecutor executor, TokenSequence tokens, long now)
    {
        if (maxEntries == 0 || tokens.Length > maxTokens)
        {
            return null;
        }

        while (Tokens + tokens.Length > maxTokens || _entries.Count >= maxEntries)
        {
            if (!EvictOne())
            {
                return null;
            }
        }

        var root = executor.Create();
        root.Prompt(tokens.Tokens);
        var entry = new PrefixEntry(tokens, root) { LastUsed = now };
        _entries.Add(tokens, entry);
        return entry;
    }

    /// <summary>Evicts the least recently used entry that is decoded and no running request uses.</summary>
    public bool EvictOne()
    {
        var victim = _entries.Values.Where(e => e.Ready && e.Users == 0).MinBy(e => e.LastUsed);
        if (victim is null)
        {
            return false;
        }

        _entries.Remove(victim.Tokens);
        victim.Root.Dispose();
        return true;
    }

    /// <summary>Forgets every entry without touching the KV cache (after the executor itself was replaced).</summary>
    public void Abandon() => _entries.Clear();
}
