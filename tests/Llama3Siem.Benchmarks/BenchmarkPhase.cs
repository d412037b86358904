namespace Llama3Siem.Benchmarks;

/// <summary>The parts of the benchmark, selectable with <c>--only</c>.</summary>
internal enum BenchmarkPhase
{
    Prefill,
    Throughput,
    Incidents,
    Chat,
}
