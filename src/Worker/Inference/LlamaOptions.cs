using System.ComponentModel.DataAnnotations;

namespace Llama3Siem.Worker.Inference;

/// <summary>How the local Llama model is loaded and sampled; bound from the configuration section <c>Llama</c>.</summary>
public sealed class LlamaOptions
{
    public const string SectionName = "Llama";

    /// <summary>Path of the GGUF model file. Empty (the default) runs without a model: deterministic enrichment only.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Tokens one request may use, prompt plus answer. Default 4096. Set explicitly: llama.cpp would
    /// otherwise allocate the model's whole training length.</summary>
    [Range(512, 131072)]
    public int ContextSize { get; set; } = 4096;

    /// <summary>Sequences decoded together by the engine (continuous batching). Default 8.</summary>
    [Range(1, 64)]
    public int MaxSequences { get; set; } = 8;

    /// <summary>KV cache cells shared by all sequences and cached prefixes. Default 16384; at least ContextSize.</summary>
    [Range(512, 1048576)]
    public int KvCacheTokens { get; set; } = 16384;

    /// <summary>KV cells that cached prompt prefixes may hold; least recently used prefixes are evicted. Default 8192.</summary>
    [Range(0, 1048576)]
    public int PrefixCacheTokens { get; set; } = 8192;

    /// <summary>Requests waiting for a sequence slot before submitters are made to wait. Default 256.</summary>
    [Range(1, 100000)]
    public int QueueCapacity { get; set; } = 256;

    /// <summary>KV cache element type: <c>f16</c> (default), <c>q8_0</c> or <c>q4_0</c> (smaller, slightly less exact).</summary>
    public string KvCacheType { get; set; } = "f16";

    /// <summary>CPU threads for generation and prompt processing. Default 0 = every core (llama.cpp's own default
    /// is half of them).</summary>
    [Range(0, 1024)]
    public int Threads { get; set; }

    /// <summary>Most prompt tokens decoded in one step; longer prompts are split. Default 512.</summary>
    [Range(32, 65536)]
    public int BatchSize { get; set; } = 512;

    /// <summary>Layers offloaded to the GPU (needs the Cuda12 backend). Default 0 = CPU only.</summary>
    [Range(0, 1000)]
    public int GpuLayers { get; set; }

    /// <summary>Use flash attention. Default false.</summary>
    public bool FlashAttention { get; set; }

    /// <summary>Sampling temperature. Default 0.7 (the Llama 3 model card's value); 0 is nearly greedy.</summary>
    [Range(0.0, 2.0)]
    public float Temperature { get; set; } = 0.7f;

    /// <summary>Nucleus sampling mass. Default 0.9.</summary>
    [Range(0.0, 1.0)]
    public float TopP { get; set; } = 0.9f;

    /// <summary>Most tokens generated for one answer. Default 512.</summary>
    [Range(1, 4096)]
    public int MaxTokens { get; set; } = 512;

    /// <summary>Sampling seed; the same prompt, model and seed give the same answer. Default 42.</summary>
    public uint Seed { get; set; } = 42;

    /// <summary>The sampling settings these options describe.</summary>
    public SamplingSettings ToSamplingSettings() => new(Temperature, TopP, MaxTokens, Seed);

    /// <summary>Threads to give llama.cpp: the configured count, or every core when 0.</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}
