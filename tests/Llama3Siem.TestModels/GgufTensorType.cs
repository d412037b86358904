namespace Llama3Siem.TestModels;

/// <summary>The ggml tensor types this writer can produce, with their on-disk type ids.</summary>
public enum GgufTensorType
{
    F32 = 0,

    /// <summary>Blocks of 32 weights: one half-precision scale and 32 signed bytes (34 bytes a block).</summary>
    Q8_0 = 8,
}
