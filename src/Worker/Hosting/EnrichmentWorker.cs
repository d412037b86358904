using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Ingestion;
using Llama3Siem.Worker.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Hosting;

/// <summary>
/// The hosted worker behind <c>run</c>: runs the pipeline over the configured source. A file source is
/// finite, so the host stops when the file is done; a Kafka source runs until the host stops (SIGTERM), then
/// finishes what it holds within <c>Kafka:ShutdownTimeout</c>, stores the completed offsets and leaves the
/// group. A failure stops the host with a non-zero exit code. When <c>run</c> also hosts the API, a finished file
/// source leaves the host running so that analysts can still query and chat.
/// </summary>
internal sealed partial class EnrichmentWorker(
    EnrichmentPipeline pipeline,
    EventSourceFactory sources,
    IOptions<SourceOptions> source,
    IHostApplicationLifetime lifetime,
    SourceCompletion completion,
    ILogger<EnrichmentWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var keepServing = false;
        try
        {
            LogStarting(logger, source.Value.Kind);
            await using var events = sources.Create();
            await pipeline.RunAsync(events, progress: null, stoppingToken, sources.DrainTimeout);
            if (!completion.StopHost)
            {
                LogSourceDone(logger);
                keepServing = true;
            }
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
            if (!keepServing)
            {
                await UntilHostStartedAsync(stoppingToken);
                lifetime.StopApplication();
            }
        }
    }

    /// <summary>
    /// A short file can be done before the other hosted services have started. Stopping then cancels their start
    /// (the host links its start to ApplicationStopping): Quartz aborted its job-store set-up and the host crashed
    /// with a misleading schema error. So a finished source stops the host only once it has started (or is stopping anyway).
    /// </summary>
    private async Task UntilHostStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetResult());
        await started.Task;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Enriching events from the {Kind} source")]
    private static partial void LogStarting(ILogger logger, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "The source is done; the API keeps serving until the host is stopped")]
    private static partial void LogSourceDone(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped before all work was finished; unfinished records are redelivered, and re-running overwrites, never duplicates")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The enrichment run failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
