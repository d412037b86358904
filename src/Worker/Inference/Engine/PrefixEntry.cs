using LLama.Batched;

namespace Llama3Siem.Worker.Inference.Engine;

/// <summary>A cached prompt prefix: a root sequence holding its KV cells, which requests fork.</summary>
internal sealed class PrefixEntry(TokenSequence tokens, Conversation root)
{
    public TokenSequence Tokens { get; } = tokens;

    public Conversation Root { get; } = root;

    /// <summary>Decoded and ready to fork.</summary>
    public bool Ready => !Root.RequiresInference;

    /// <summary>
    /// Admitted requests that fork (or forked) this prefix and are still running. Their cells are shared with the
    /// root, so an entry in use is never evicted: the KV accounting counts its cells once, here.
    /// </summary>
    public int Users { get; set; }

    public long LastUsed { get; set; }
}
