using Llama3Siem.Worker.Inference;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Api;

/// <summary>
/// Loads the configured model in the background when the API starts, so the first analyst question does not wait
/// for it; <c>/readyz</c> reports not-ready until it is loaded.
/// </summary>
internal sealed partial class ModelWarmUp(ModelSession model, ILogger<ModelWarmUp> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => model.Configured
        ? Task.Run(() =>
        {
            try
            {
                _ = model.Model;
            }
            catch (Exception ex)
            {
                LogLoadFailed(logger, ex);
            }
        }, stoppingToken)
        : Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "The model could not be loaded; /readyz stays not-ready")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);
}
