using Llama3Siem.Worker.Inference;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Configuration;

/// <summary>Checks the <c>Llama</c> section, including that a configured model file exists and is GGUF.</summary>
internal sealed class LlamaOptionsValidator : IValidateOptions<LlamaOptions>
{
    private static readonly byte[] GgufMagic = "GGUF"u8.ToArray();

    public ValidateOptionsResult Validate(string? name, LlamaOptions options)
    {
        var errors = new SettingErrors();
        errors.Require(options.ContextSize is >= 512 and <= 131_072, "Llama:ContextSize", $"must be between 512 and 131072 (got {options.ContextSize}).");
        errors.Require(options.MaxTokens is >= 1 and <= 4096, "Llama:MaxTokens", $"must be between 1 and 4096 (got {options.MaxTokens}).");
        errors.Require(options.MaxTokens < options.ContextSize / 2, "Llama:MaxTokens", $"must leave at least half of Llama:ContextSize for the prompt (got {options.MaxTokens} of {options.ContextSize}).");
        errors.Require(options.Threads is >= 0 and <= 1024, "Llama:Threads", $"must be 0 (all cores) or a thread count up to 1024 (got {options.Threads}).");
        errors.Require(options.BatchSize is >= 32 and <= 65536, "Llama:BatchSize", $"must be between 32 and 65536 (got {options.BatchSize}).");
        errors.Require(options.GpuLayers >= 0, "Llama:GpuLayers", $"must be 0 or more (got {options.GpuLayers}).");
        errors.Require(options.Temperature is >= 0 and <= 2, "Llama:Temperature", $"must be between 0 and 2 (got {options.Temperature}).");
        errors.Require(options.MaxSequences is >= 1 and <= 64, "Llama:MaxSequences", $"must be between 1 and 64 (got {options.MaxSequences}).");
        errors.Require(options.KvCacheTokens >= options.ContextSize, "Llama:KvCacheTokens", $"must be at least Llama:ContextSize ({options.ContextSize}) so that one full request fits (got {options.KvCacheTokens}).");
        errors.Require(options.PrefixCacheTokens >= 0 && options.PrefixCacheTokens < options.KvCacheTokens, "Llama:PrefixCacheTokens", $"must be 0 (no prefix cache) or less than Llama:KvCacheTokens (got {options.PrefixCacheTokens}).");
        errors.Require(options.QueueCapacity is >= 1 and <= 100_000, "Llama:QueueCapacity", $"must be between 1 and 100000 (got {options.QueueCapacity}).");
        errors.Require(KvCacheTypes.IsValid(options.KvCacheType), "Llama:KvCacheType", $"must be one of {string.Join(", ", KvCacheTypes.Names)} (got '{options.KvCacheType}').");
        errors.Require(options.TopP is > 0 and <= 1, "Llama:TopP", $"must be greater than 0 and at most 1 (got {options.TopP}).");
        if (!string.IsNullOrWhiteSpace(options.ModelPath))
        {
            errors.Require(File.Exists(options.ModelPath), "Llama:ModelPath", $"names a file that does not exist: '{options.ModelPath}'.");
            errors.Require(!File.Exists(options.ModelPath) || HasGgufMagic(options.ModelPath), "Llama:ModelPath", $"is not a GGUF model file: '{options.ModelPath}'.");
        }

        return errors.Result();
    }

    private static bool HasGgufMagic(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual(GgufMagic);
    }
}
