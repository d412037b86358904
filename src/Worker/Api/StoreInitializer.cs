using Llama3Siem.Sinks.Incidents;
using Microsoft.Extensions.Hosting;

namespace Llama3Siem.Worker.Api;

/// <summary>
/// Prepares the incident store before Kestrel accepts the first request: the API may be asked before the pipeline
/// has read anything (a quiet Kafka topic, or a restart).
/// </summary>
internal sealed class StoreInitializer(IIncidentStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
