using Llama3Siem.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Llama3Siem.Worker.Tests.Kafka;

/// <summary>The real worker host (<c>run</c>), in this process, with optional service replacements for fault injection.</summary>
internal sealed class InProcessWorker : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessWorker(IHost host) => _host = host;

    public static async Task<InProcessWorker> StartAsync(IEnumerable<string> configuration, Action<IServiceCollection>? replace = null)
    {
        var builder = WorkerHost.CreateBuilder(configuration);
        builder.Services.AddHostedService<EnrichmentWorker>();
        replace?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessWorker(host);
    }

    public IServiceProvider Services => _host.Services;

    /// <summary>As SIGTERM would: the worker finishes what it holds, stores its offsets and leaves the group.</summary>
    public Task StopAsync() => _host.StopAsync(TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await ((IAsyncDisposable)_host).DisposeAsync();
    }
}
