using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Ingestion;
using Llama3Siem.Worker.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Hosting;

/// <summary>
/// The hosted worker behind <c>run</c>: runs the pipeline over the configured source. A file source is
/// finite, so the host stops when the file is done; a failure stops the host with a non-zero exit code.
/// </summary>
internal sealed partial class EnrichmentWorker(
    EnrichmentPipeline pipeline,
    IOptions<SourceOptions> source,
    IHostApplicationLifetime lifetime,
    ILogger<EnrichmentWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var path = source.Value.File.Path;
            LogStarting(logger, source.Value.Kind, path);
            await pipeline.RunAsync(new JsonLinesFileSource(path), progress: null, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogStopped(logger);
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex);
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Enriching events from the {Kind} source {Path}")]
    private static partial void LogStarting(ILogger logger, string kind, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped before the source was exhausted; re-running overwrites, never duplicates")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The enrichment run failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
