using Llama3Siem.TestModels;
using Llama3Siem.Worker.Inference;
using Microsoft.Extensions.Logging.Abstractions;

namespace Llama3Siem.Worker.Tests.Inference.Engine;

/// <summary>A generated tiny model file shared by a test class; each test loads its own engine with its own options.</summary>
public sealed class TinyModelFile : IDisposable
{
    public TinyModelFile()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("llama3siem-engine-").FullName;
        Path = TestModelFactory.WriteTiny(System.IO.Path.Combine(Directory, "tiny.gguf"), seed: 1);
    }

    public string Directory { get; }

    public string Path { get; }

    public ILanguageModel LoadEngine(int maxSequences = 4, int kvCacheTokens = 16384, int prefixCacheTokens = 8192, int contextSize = 4096) =>
        LlamaModelLoader.Load(
            new LlamaOptions
            {
                ModelPath = Path,
                ContextSize = contextSize,
                MaxSequences = maxSequences,
                KvCacheTokens = kvCacheTokens,
                PrefixCacheTokens = prefixCacheTokens,
                Threads = 2,
                BatchSize = 512,
            },
            NullLoggerFactory.Instance);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
