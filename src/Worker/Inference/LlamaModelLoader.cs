using System.Diagnostics;
using System.Security.Cryptography;
using LLama;
using LLama.Common;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Inference;

/// <summary>Loads the configured GGUF model into an <see cref="ILanguageModel"/> after checking the file.</summary>
public static class LlamaModelLoader
{
    private const string ModelPathKey = LlamaOptions.SectionName + ":ModelPath";
    private static readonly byte[] GgufMagic = "GGUF"u8.ToArray();

    /// <summary>
    /// The batched inference engine (<see cref="Engine.InferenceEngine"/>): continuous batching, prefix cache,
    /// priorities. Everything in the worker runs the model through it.
    /// </summary>
    /// <exception cref="InvalidOperationException">No model path is configured.</exception>
    /// <exception cref="FileNotFoundException">The configured file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not GGUF, or llama.cpp cannot load it.</exception>
    public static ILanguageModel Load(LlamaOptions options, ILoggerFactory loggerFactory)
    {
        var (weights, parameters, sha256, started) = LoadWeights(options, loggerFactory, (uint)options.KvCacheTokens, Engine.InferenceEngine.SequencesNeeded(options));
        var logger = loggerFactory.CreateLogger<Engine.InferenceEngine>();
        try
        {
            var descriptor = new ModelDescriptor(Path.GetFileName(parameters.ModelPath), sha256, Math.Min(options.ContextSize, options.KvCacheTokens));
            var engine = new Engine.InferenceEngine(weights, parameters, options, descriptor, logger);
            Log.ModelLoaded(logger, descriptor.Name, descriptor.Sha256, options.KvCacheTokens, options.EffectiveThreads,
                options.GpuLayers, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return engine;
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The simple model: one sequence, the whole prompt decoded for every request, requests one at a time.
    /// Kept as the baseline the benchmark compares the engine with.
    /// </summary>
    public static ILanguageModel LoadSingleSequence(LlamaOptions options, ILoggerFactory loggerFactory)
    {
        var (weights, parameters, sha256, started) = LoadWeights(options, loggerFactory, (uint)options.ContextSize, sequences: 1);
        var logger = loggerFactory.CreateLogger<LlamaSharpLanguageModel>();
        LLamaContext context;
        try
        {
            context = weights.CreateContext(parameters, logger);
        }
        catch
        {
            weights.Dispose();
            throw;
        }

        var descriptor = new ModelDescriptor(Path.GetFileName(parameters.ModelPath), sha256, checked((int)context.ContextSize));
        Log.ModelLoaded(logger, descriptor.Name, descriptor.Sha256, descriptor.ContextSize, options.EffectiveThreads,
            options.GpuLayers, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new LlamaSharpLanguageModel(weights, context, descriptor, logger);
    }

    /// <summary>
    /// The model's tokenizer only: weights loaded with the file's checks, no context, no KV cache. For tools that
    /// need real token counts (<c>prompt --model</c>) without the memory of an engine.
    /// </summary>
    internal static PromptTokenizer LoadTokenizer(LlamaOptions options, ILoggerFactory loggerFactory, out IDisposable weights)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = CheckModelFile(options.ModelPath);
        LlamaNativeLog.RouteTo(loggerFactory);
        LLamaWeights loaded;
        try
        {
            loaded = LLamaWeights.LoadFromFile(new ModelParams(path) { GpuLayerCount = 0 });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidDataException($"llama.cpp could not load the model at {ModelPathKey} ({path}): {ex.Message}", ex);
        }

        weights = loaded;
        return new PromptTokenizer(loaded);
    }

    private static (LLamaWeights Weights, ModelParams Parameters, string Sha256, long Started) LoadWeights(
        LlamaOptions options, ILoggerFactory loggerFactory, uint contextCells, uint sequences)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var path = CheckModelFile(options.ModelPath);

        // Before anything touches the native library: afterwards the callback can no longer be set.
        LlamaNativeLog.RouteTo(loggerFactory);

        var started = Stopwatch.GetTimestamp();
        var sha256 = ComputeSha256(path);
        var kvType = KvCacheTypes.Parse(options.KvCacheType);
        var parameters = new ModelParams(path)
        {
            ContextSize = contextCells,
            BatchSize = (uint)options.BatchSize,
            UBatchSize = (uint)options.BatchSize,
            Threads = options.EffectiveThreads,
            BatchThreads = options.EffectiveThreads,
            GpuLayerCount = options.GpuLayers,
            FlashAttention = options.FlashAttention,
            SeqMax = sequences,

            // One cache shared by all sequences: forks share the prefix's cells (FACTS: Fork without it aborts).
            KVUnified = true,
            TypeK = kvType,
            TypeV = kvType,
        };

        try
        {
            return (LLamaWeights.LoadFromFile(parameters), parameters, sha256, started);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidDataException($"llama.cpp could not load the model at {ModelPathKey} ({path}): {ex.Message}", ex);
        }
    }

    private static string CheckModelFile(string? configuredPath)
    {
        if (string.IsNullOrWhiteSpace(configuredPath))
        {
            throw new InvalidOperationException($"{ModelPathKey} is empty: no model is configured.");
        }

        var path = Path.GetFullPath(configuredPath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{ModelPathKey} points to {path}, which does not exist.", path);
        }

        Span<byte> magic = stackalloc byte[4];
        using (var stream = File.OpenRead(path))
        {
            if (stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) < magic.Length || !magic.SequenceEqual(GgufMagic))
            {
                throw new InvalidDataException($"{ModelPathKey} points to {path}, which is not a GGUF model file.");
            }
        }

        return path;
    }

    private static string ComputeSha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
