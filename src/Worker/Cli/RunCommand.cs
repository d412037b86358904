using Llama3Siem.Worker.Api;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Hosting;
using Llama3Siem.Worker.Reports.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Llama3Siem.Worker.Cli;

/// <summary>
/// <c>run</c>: the hosted enrichment worker and the report scheduler (<c>Reports:Enabled</c>), plus the analysts' API
/// and page when <c>Api:Enabled</c> (the default).
/// Configuration is validated before anything starts.
/// </summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cli = CommandLine.Parse(args, new HashSet<string>(), new HashSet<string>());
        var host = BuildHost(cli.ConfigurationArgs);

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

    /// <summary>
    /// The host <c>run</c> starts: a web host when the API is enabled, else a plain one. Tests pass
    /// <paramref name="configureServices"/> to inject faults or steer a model; <c>run</c> never does.
    /// </summary>
    public static IHost BuildHost(IReadOnlyList<string> configurationArgs, Action<IServiceCollection>? configureServices = null)
    {
        var settings = WorkerHost.AddSources(new ConfigurationBuilder(), WorkerHost.EnvironmentName(), configurationArgs).Build();
        var apiEnabled = settings.GetSection(ApiOptions.SectionName).GetValue(nameof(ApiOptions.Enabled), defaultValue: true);
        if (!apiEnabled)
        {
            var builder = WorkerHost.CreateBuilder(configurationArgs);
            builder.Services.AddHostedService<EnrichmentWorker>();
            builder.Services.AddLlama3SiemReports(builder.Configuration);
            configureServices?.Invoke(builder.Services);
            return builder.Build();
        }

        var web = ApiHost.CreateBuilder(configurationArgs);
        web.Services.AddHostedService<EnrichmentWorker>();
        web.Services.AddLlama3SiemReports(web.Configuration);
        web.Services.Replace(ServiceDescriptor.Singleton(new SourceCompletion(StopHost: false)));
        configureServices?.Invoke(web.Services);
        return ApiHost.Build(web);
    }
}
