using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Sinks.Reports;
using Microsoft.Extensions.Hosting;

namespace Llama3Siem.Worker.Api;

/// <summary>
/// Prepares the incident and report stores before Kestrel accepts the first request: the API may be asked before the pipeline
/// has read anything (a quiet Kafka topic, or a restart).
/// </summary>
internal sealed class StoreInitializer(IIncidentStore store, IReportStore reports) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        await reports.InitializeAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
