namespace Llama3Siem.TestModels;

/// <summary>The architecture sizes of a generated llama model.</summary>
/// <param name="VocabularySize">Minimum vocabulary size; the test vocabulary is padded with reserved special tokens.</param>
/// <param name="WeightType">Type of the 2-D weight matrices; norms are always F32.</param>
public sealed record ModelShape(
    string Name,
    int EmbeddingLength,
    int BlockCount,
    int HeadCount,
    int KvHeadCount,
    int FeedForwardLength,
    int ContextLength,
    int VocabularySize,
    GgufTensorType WeightType)
{
    /// <summary>n_embd 128, 2 layers, 4 heads / 2 KV heads, ff 256, context 8192, F32: about 3 MB, written in well under 0.1 s.</summary>
    public static ModelShape Tiny { get; } = new("llama3siem-tiny", 128, 2, 4, 2, 256, 8192, 0, GgufTensorType.F32);

    public int HeadDimension => EmbeddingLength / HeadCount;

    public int KvEmbeddingLength => HeadDimension * KvHeadCount;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(EmbeddingLength, 32);
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(KvHeadCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ContextLength, 512);
        if (EmbeddingLength % HeadCount != 0 || HeadCount % KvHeadCount != 0)
        {
            throw new ArgumentException("Heads must divide the embedding and KV heads must divide the heads.");
        }

        if (WeightType == GgufTensorType.Q8_0 && (EmbeddingLength % 32 != 0 || FeedForwardLength % 32 != 0))
        {
            throw new ArgumentException("Q8_0 needs the embedding and feed-forward lengths to be multiples of 32.");
        }
    }
}
