using Llama3Siem.Prompts.Templates;
using Llama3Siem.TestModels;
using Llama3Siem.Worker.Inference;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Tests.Inference;

/// <summary>One tiny generated model, loaded once for a test class, in its own temporary directory.</summary>
public sealed class TinyModelFixture : IDisposable
{
    public const int ContextSize = 4096;

    private readonly ILoggerFactory _loggerFactory;

    public TinyModelFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("llama3siem-model-").FullName;
        ModelPath = TestModelFactory.WriteTiny(Path.Combine(Directory, "tiny.gguf"), seed: 1);
        Vocabulary = TestVocabulary.Build(ModelShape.Tiny.VocabularySize);
        Logs = new RecordingLoggerProvider();
        _loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        Options = new LlamaOptions { ModelPath = ModelPath, ContextSize = ContextSize, Threads = 2, BatchSize = 512 };
        Model = LlamaModelLoader.Load(Options, _loggerFactory);
    }

    public string Directory { get; }

    public string ModelPath { get; }

    public TestVocabulary Vocabulary { get; }

    public RecordingLoggerProvider Logs { get; }

    public LlamaOptions Options { get; }

    public ILanguageModel Model { get; }

    /// <summary>Renders a system and a user message in the Llama 3 chat format, ready for the assistant's answer.</summary>
    public static TemplatedPrompt RenderLlama3Prompt(string system, string user) =>
        Llama3ChatFormat.Render([("system", system), ("user", user)]);

    public void Dispose()
    {
        Model.Dispose();
        _loggerFactory.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; failing the run over it is not.
        }
    }
}
