using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using Llama3Siem.TestModels;
using Llama3Siem.Worker.Inference;
using Microsoft.Extensions.Logging.Abstractions;

namespace Llama3Siem.Worker.Tests.Inference;

/// <summary>
/// The Q8_0 writer is checked against llama.cpp's own dequantisation: the same seed written as F32 and as Q8_0
/// holds the same weights up to rounding, so llama.cpp must compute nearly the same logits from both files.
/// A wrong block layout (scale type, byte sign, block order) would leave the logits unrelated.
/// </summary>
public sealed class QuantizedTestModelTests(ITestOutputHelper output) : IDisposable
{
    private const string Prompt = "<|begin_of_text|>failed logon for admin from 203.0.113.7 on host ws-12";

    private readonly string _directory = Directory.CreateTempSubdirectory("llama3siem-q8-").FullName;

    [Fact]
    public void Q8_0_model_computes_the_logits_of_the_same_weights_in_f32()
    {
        var f32Path = TestModelFactory.Write(Path.Combine(_directory, "f32.gguf"), ModelShape.Tiny, seed: 5);
        var q8Path = TestModelFactory.Write(Path.Combine(_directory, "q8.gguf"), ModelShape.Tiny with { WeightType = GgufTensorType.Q8_0 }, seed: 5);

        var exact = LastTokenLogits(f32Path);
        var quantized = LastTokenLogits(q8Path);

        Assert.Equal(exact.Length, quantized.Length);
        Assert.All(quantized, value => Assert.True(float.IsFinite(value)));
        var correlation = Correlation(exact, quantized);
        var spread = StandardDeviation(exact);
        var largestError = exact.Zip(quantized, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"Q8_0 vs F32 logits: correlation {correlation:F5}, largest error {largestError:F4}, F32 spread (sd) {spread:F3}");
        Assert.True(spread > 0.1, $"the F32 logits are nearly flat (sd {spread}), so the comparison proves nothing");
        Assert.True(correlation > 0.99, $"correlation {correlation}");
        Assert.True(largestError < 0.25 * spread, $"largest error {largestError} against a spread of {spread}");
    }

    [Fact]
    public void Tied_embeddings_leave_out_the_output_matrix_and_the_model_still_loads()
    {
        var separate = TestModelFactory.Write(Path.Combine(_directory, "separate.gguf"), ModelShape.Tiny with { WeightType = GgufTensorType.Q8_0 }, seed: 2);
        var tied = TestModelFactory.Write(Path.Combine(_directory, "tied.gguf"), ModelShape.Tiny with { WeightType = GgufTensorType.Q8_0, TiedEmbeddings = true }, seed: 2);

        var vocabularySize = TestVocabulary.Build(ModelShape.Tiny.VocabularySize).Count;
        var outputMatrixBytes = (long)vocabularySize * ModelShape.Tiny.EmbeddingLength / 32 * 34;
        // The matrix, its description in the header and at most an alignment of padding.
        Assert.InRange(new FileInfo(separate).Length - new FileInfo(tied).Length, outputMatrixBytes, outputMatrixBytes + 128);

        var logits = LastTokenLogits(tied);
        Assert.Equal(vocabularySize, logits.Length);
        Assert.All(logits, value => Assert.True(float.IsFinite(value)));
        Assert.True(StandardDeviation(logits) > 0.1, "tied-embedding logits are flat");
    }

    [Fact]
    public void Llama_3_2_1B_shape_has_the_published_dimensions()
    {
        var shape = ModelShape.Llama32_1B;

        Assert.Equal((2048, 16, 32, 8, 8192, 128256), (shape.EmbeddingLength, shape.BlockCount, shape.HeadCount, shape.KvHeadCount, shape.FeedForwardLength, shape.VocabularySize));
        Assert.Equal(64, shape.HeadDimension);
        Assert.Equal(512, shape.KvEmbeddingLength);
        Assert.Equal(GgufTensorType.Q8_0, shape.WeightType);
        Assert.True(shape.TiedEmbeddings);
        Assert.Equal(128256, TestVocabulary.Build(shape.VocabularySize).Count);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static float[] LastTokenLogits(string path)
    {
        LlamaNativeLog.RouteTo(NullLoggerFactory.Instance);
        var parameters = new ModelParams(path) { ContextSize = 512, BatchSize = 512, Threads = 2, BatchThreads = 2 };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var tokens = weights.Tokenize(Prompt, add_bos: false, special: true, Encoding.UTF8);
        var batch = new LLamaBatch();
        for (var i = 0; i < tokens.Length; i++)
        {
            batch.Add(tokens[i], i, LLamaSeqId.Zero, i == tokens.Length - 1);
        }

        Assert.Equal(DecodeResult.Ok, context.Decode(batch));
        return context.NativeHandle.GetLogitsIth(batch.TokenCount - 1).ToArray();
    }

    private static double Correlation(float[] a, float[] b)
    {
        double meanA = a.Average(), meanB = b.Average();
        double covariance = 0, varianceA = 0, varianceB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }

        return covariance / Math.Sqrt(varianceA * varianceB);
    }

    private static double StandardDeviation(float[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
