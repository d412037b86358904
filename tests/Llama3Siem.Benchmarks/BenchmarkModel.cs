using System.Diagnostics;
using System.Globalization;
using Llama3Siem.TestModels;

namespace Llama3Siem.Benchmarks;

/// <summary>The GGUF file being benchmarked: given on the command line, or generated with random weights.</summary>
/// <param name="Shape">The generated model's shape; null for a given file.</param>
/// <param name="WriteTime">How long generating it took; null when a file was given or reused from the cache.</param>
internal sealed record BenchmarkModel(string Path, ModelShape? Shape, long SizeBytes, TimeSpan? WriteTime)
{
    private const int Seed = 1;

    // Bump when TestModelFactory's output changes, so a cached file from an older writer is rewritten.
    private const string WriterVersion = "1";

    public static BenchmarkModel Given(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"--model: {full} does not exist.", full);
        }

        return new BenchmarkModel(full, null, new FileInfo(full).Length, null);
    }

    /// <summary>The tiny model, written afresh into <paramref name="directory"/> (well under a second).</summary>
    public static BenchmarkModel Tiny(string directory) => Generate(System.IO.Path.Combine(directory, "bench-tiny.gguf"), ModelShape.Tiny);

    /// <summary>
    /// The Llama-3.2-1B-shaped model at <paramref name="path"/>, written only when the file is missing or its
    /// marker (shape, seed, writer version, size) does not match: writing 1.3 GB takes about half a minute.
    /// </summary>
    public static BenchmarkModel Cached1B(string path)
    {
        var shape = ModelShape.Llama32_1B;
        var markerPath = path + ".marker";
        if (File.Exists(path) && File.Exists(markerPath))
        {
            var size = new FileInfo(path).Length;
            if (File.ReadAllText(markerPath).Trim() == Marker(shape, size))
            {
                return new BenchmarkModel(path, shape, size, null);
            }
        }

        // The marker is written last: an interrupted write leaves no marker and is redone next time.
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        File.Delete(markerPath);
        var model = Generate(path, shape);
        File.WriteAllText(markerPath, Marker(shape, model.SizeBytes) + "\n");
        return model;
    }

    private static BenchmarkModel Generate(string path, ModelShape shape)
    {
        var watch = Stopwatch.StartNew();
        TestModelFactory.Write(path, shape, Seed);
        return new BenchmarkModel(path, shape, new FileInfo(path).Length, watch.Elapsed);
    }

    private static string Marker(ModelShape shape, long size) =>
        string.Create(CultureInfo.InvariantCulture, $"{shape.Name} seed={Seed} writer={WriterVersion} bytes={size}");

    public string Describe()
    {
        if (Shape is not { } s)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{System.IO.Path.GetFileName(Path)} (given), {Size}");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{System.IO.Path.GetFileName(Path)}: {s.Name}, n_embd {s.EmbeddingLength}, {s.BlockCount} layers, {s.HeadCount} heads / {s.KvHeadCount} KV, ff {s.FeedForwardLength}, vocab {TestVocabulary.Build(s.VocabularySize).Count}, {s.WeightType}{(s.TiedEmbeddings ? ", tied embeddings" : "")}, random weights, {Size}");
    }

    private string Size => SizeBytes >= 1_000_000_000
        ? string.Create(CultureInfo.InvariantCulture, $"{SizeBytes / 1e9:F2} GB")
        : string.Create(CultureInfo.InvariantCulture, $"{SizeBytes / 1e6:F1} MB");
}
