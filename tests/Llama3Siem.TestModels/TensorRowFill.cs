namespace Llama3Siem.TestModels;

/// <summary>
/// Fills one row (the innermost dimension) of a tensor. Rows are requested in order, so a writer can stream
/// a large model to disk without holding its weights in memory.
/// </summary>
public delegate void TensorRowFill(long row, Span<float> values);
