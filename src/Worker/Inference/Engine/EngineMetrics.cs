using System.Diagnostics.Metrics;

namespace Llama3Siem.Worker.Inference.Engine;

/// <summary>
/// The engine's metrics, on the meter <c>Llama3Siem.Inference</c> (export them with OpenTelemetry or
/// <c>dotnet-counters monitor --counters Llama3Siem.Inference</c>).
/// </summary>
internal sealed class EngineMetrics : IDisposable
{
    public const string MeterName = "Llama3Siem.Inference";

    private readonly Meter _meter;

    public EngineMetrics(Func<int> activeSequences, Func<int> queuedRequests, Func<int> cachedPrefixTokens)
    {
        _meter = new Meter(MeterName);
        PromptTokens = _meter.CreateCounter<long>("llama3siem.inference.prompt_tokens", "{token}", "Prompt tokens of completed requests, cached ones included.");
        CachedPromptTokens = _meter.CreateCounter<long>("llama3siem.inference.cached_prompt_tokens", "{token}", "Prompt tokens served from the prefix cache.");
        GeneratedTokens = _meter.CreateCounter<long>("llama3siem.inference.generated_tokens", "{token}", "Tokens generated.");
        Requests = _meter.CreateCounter<long>("llama3siem.inference.requests", "{request}", "Requests finished, by outcome and priority.");
        TimeToFirstToken = _meter.CreateHistogram<double>("llama3siem.inference.time_to_first_token", "s", "From submission to the first generated token.");
        DecodeRate = _meter.CreateHistogram<double>("llama3siem.inference.decode_rate", "{token}/s", "Tokens per second of one request after its first token.");
        Steps = _meter.CreateCounter<long>("llama3siem.inference.steps", "{step}", "Decode calls, by result.");
        _meter.CreateObservableGauge("llama3siem.inference.active_sequences", activeSequences, "{sequence}", "Sequences being decoded.");
        _meter.CreateObservableGauge("llama3siem.inference.queued_requests", queuedRequests, "{request}", "Requests waiting for a sequence slot.");
        _meter.CreateObservableGauge("llama3siem.inference.prefix_cache_tokens", cachedPrefixTokens, "{token}", "KV cells held by cached prefixes.");
    }

    public Counter<long> PromptTokens { get; }
    public Counter<long> CachedPromptTokens { get; }
    public Counter<long> GeneratedTokens { get; }
    public Counter<long> Requests { get; }
    public Histogram<double> TimeToFirstToken { get; }
    public Histogram<double> DecodeRate { get; }
    public Counter<long> Steps { get; }

    public void Dispose() => _meter.Dispose();
}
