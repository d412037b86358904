using LLama.Native;

namespace Llama3Siem.Worker.Inference;

/// <summary>The KV cache element types <c>Llama:KvCacheType</c> accepts.</summary>
public static class KvCacheTypes
{
    public static IReadOnlyList<string> Names { get; } = ["f16", "q8_0", "q4_0"];

    public static bool IsValid(string? name) => name is not null && Names.Contains(name.ToLowerInvariant());

    internal static GGMLType Parse(string? name) => name?.ToLowerInvariant() switch
    {
        "f16" or null or "" => GGMLType.GGML_TYPE_F16,
        "q8_0" => GGMLType.GGML_TYPE_Q8_0,
        "q4_0" => GGMLType.GGML_TYPE_Q4_0,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Llama:KvCacheType must be f16, q8_0 or q4_0."),
    };
}
