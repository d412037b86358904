using Llama3Siem.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Llama3Siem.Worker.Cli;

/// <summary><c>run</c>: the generic host with the enrichment worker; configuration is validated at start.</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cli = CommandLine.Parse(args, new HashSet<string>(), new HashSet<string>());
        var builder = WorkerHost.CreateBuilder(cli.ConfigurationArgs);
        builder.Services.AddHostedService<EnrichmentWorker>();
        var host = builder.Build();

        // Validate before starting, so a bad setting ends with its message instead of a host start-up stack trace.
        try
        {
            WorkerHost.ValidateConfiguration(host);
        }
        catch
        {
            await ((IAsyncDisposable)host).DisposeAsync();
            throw;
        }

        Environment.ExitCode = Llama3SiemCli.Success;
        await host.RunAsync();
        return Environment.ExitCode;
    }
}
