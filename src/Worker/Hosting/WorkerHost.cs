using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Hosting;

/// <summary>
/// Builds the generic host every command runs in. Configuration, lowest precedence first:
/// appsettings.json (next to the program), appsettings.{Environment}.json, environment variables
/// (<c>Store__Kind</c>), then <c>--Section:Key=value</c> arguments. Relative paths resolve against the
/// current directory. Logs go to standard error so that command output on standard output stays clean.
/// </summary>
internal static class WorkerHost
{
    public static HostApplicationBuilder CreateBuilder(IEnumerable<string> configurationArgs)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            EnvironmentName = EnvironmentName(),
        });
        Configure(builder, configurationArgs);
        return builder;
    }

    public static string EnvironmentName() =>
        Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production;

    /// <summary>The configuration sources, lowest precedence first (see the class summary).</summary>
    public static IConfigurationBuilder AddSources(IConfigurationBuilder configuration, string environmentName, IEnumerable<string> configurationArgs) =>
        configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{environmentName}.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddCommandLine(configurationArgs.ToArray());

    /// <summary>Configuration, logging and services every command shares, on a plain host or the web host of <c>run</c>.</summary>
    public static void Configure(IHostApplicationBuilder builder, IEnumerable<string> configurationArgs)
    {
        AddSources(builder.Configuration, builder.Environment.EnvironmentName, configurationArgs);

        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services
            .AddLlama3SiemOptions(builder.Configuration)
            .AddLlama3SiemTelemetry(builder.Configuration)
            .AddLlama3SiemStore()
            .AddLlama3SiemPipeline();
    }

    /// <summary>
    /// What starting the host would do, for commands that never start it: validate the options (as
    /// <c>ValidateOnStart</c> would) and create the metrics exporter when one is configured.
    /// </summary>
    public static void ValidateConfiguration(IHost host)
    {
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        _ = host.Services.GetService<OpenTelemetry.Metrics.MeterProvider>();
    }
}
