using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Inference;

/// <summary>Inference log events. None of them carries prompt or answer text.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information,
        "Loaded model {ModelName} (sha256 {Sha256}) with context {ContextSize}, {Threads} threads, {GpuLayers} GPU layers in {LoadMilliseconds} ms")]
    public static partial void ModelLoaded(ILogger logger, string modelName, string sha256, int contextSize, int threads, int gpuLayers, long loadMilliseconds);

    [LoggerMessage(1002, LogLevel.Debug,
        "Completion: {PromptTokens} prompt tokens, {GeneratedTokens} generated, first token after {TimeToFirstTokenMs} ms, total {TotalMs} ms, token limit hit: {HitTokenLimit}")]
    public static partial void CompletionFinished(ILogger logger, int promptTokens, int generatedTokens, double timeToFirstTokenMs, double totalMs, bool hitTokenLimit);

    [LoggerMessage(1003, LogLevel.Debug, "Completion cancelled after {GeneratedTokens} generated tokens")]
    public static partial void CompletionCancelled(ILogger logger, int generatedTokens);
}
