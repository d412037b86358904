namespace Llama3Siem.TestModels;

/// <summary>The architecture sizes of a generated llama model.</summary>
/// <param name="VocabularySize">Minimum vocabulary size; the test vocabulary is padded with reserved special tokens.</param>
/// <param name="WeightType">Type of the 2-D weight matrices; norms are always F32.</param>
/// <param name="TiedEmbeddings">
/// No separate output matrix: the token embedding doubles as it, as in Llama 3.2 1B and 3B (llama.cpp falls back
/// to <c>token_embd.weight</c> when <c>output.weight</c> is absent).
/// </param>
public sealed record ModelShape(
    string Name,
    int EmbeddingLength,
    int BlockCount,
    int HeadCount,
    int KvHeadCount,
    int FeedForwardLength,
    int ContextLength,
    int VocabularySize,
    GgufTensorType WeightType,
    bool TiedEmbeddings = false)
{
    /// <summary>n_embd 128, 2 layers, 4 heads / 2 KV heads, ff 256, context 8192, F32: about 3 MB, written in well under 0.1 s.</summary>
    public static ModelShape Tiny { get; } = new("llama3siem-tiny", 128, 2, 4, 2, 256, 8192, 0, GgufTensorType.F32);

    /// <summary>
    /// Llama 3.2 1B's dimensions: n_embd 2048, 16 layers, 32 heads / 8 KV heads, ff 8192, vocabulary 128,256
    /// (padded with reserved tokens), tied embeddings, context 131,072, Q8_0 weights: about 1.32 GB, as large and
    /// as slow as the real model's Q8_0 file. Writing it takes about half a minute.
    /// </summary>
    public static ModelShape Llama32_1B { get; } =
        new("llama3siem-llama-3.2-1b-shape", 2048, 16, 32, 8, 8192, 131072, 128256, GgufTensorType.Q8_0, TiedEmbeddings: true);

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
