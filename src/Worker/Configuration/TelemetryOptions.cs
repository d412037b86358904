namespace Llama3Siem.Worker.Configuration;

/// <summary>Where metrics go. Section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// An OTLP endpoint (an OpenTelemetry Collector, e.g. <c>http://localhost:4317</c>) that receives the
    /// worker's metrics. Empty (the default): no export; the meters can still be read locally with
    /// <c>dotnet-counters monitor --counters Llama3Siem.Inference</c>.
    /// </summary>
    public string? OtlpEndpoint { get; set; }
}
