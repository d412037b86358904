using LLama.Native;

namespace Llama3Siem.Worker.Inference.Engine;

/// <summary>
/// An exact token sequence used as a cache key: a changed prompt version or a different model's tokenizer
/// yields different tokens, so a stale prefix can never be served.
/// </summary>
internal sealed class TokenSequence : IEquatable<TokenSequence>
{
    private readonly int _hash;

    public TokenSequence(LLamaToken[] tokens)
    {
        Tokens = tokens;
        var hash = new HashCode();
        foreach (var token in tokens)
        {
            hash.Add((int)token);
        }

        _hash = hash.ToHashCode();
    }

    public LLamaToken[] Tokens { get; }

    public int Length => Tokens.Length;

    public bool Equals(TokenSequence? other) =>
        other is not null && other._hash == _hash && Tokens.AsSpan().SequenceEqual(other.Tokens);

    public override bool Equals(object? obj) => Equals(obj as TokenSequence);

    public override int GetHashCode() => _hash;
}
