using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Worker.Inference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Api;

/// <summary>
/// <c>/healthz</c>: the process serves requests (liveness). <c>/readyz</c>: the store answers and, when a model is
/// configured, it is loaded (readiness). Both are anonymous and say nothing about incidents.
/// </summary>
internal static partial class HealthEndpoints
{
    private static readonly TimeSpan StoreProbeTimeout = TimeSpan.FromSeconds(3);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthStatus("alive", null, null)))
            .WithTags("Health").AllowAnonymous().DisableRateLimiting();
        app.MapGet("/readyz", ReadyAsync)
            .WithTags("Health").AllowAnonymous().DisableRateLimiting();
        return app;
    }

    private static async Task<IResult> ReadyAsync(IIncidentStore store, ModelSession model, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var storeReady = false;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StoreProbeTimeout);
            await store.CountAsync(timeout.Token);
            storeReady = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStoreNotReady(loggers.CreateLogger(typeof(HealthEndpoints)), ex);
        }

        var modelState = !model.Configured ? "not_configured" : model.IsLoaded ? "loaded" : "loading";
        var ready = storeReady && modelState != "loading";
        var status = new HealthStatus(ready ? "ready" : "not_ready", storeReady ? "reachable" : "unreachable", modelState);
        return ready ? TypedResults.Ok(status) : TypedResults.Json(status, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness probe: the incident store did not answer")]
    private static partial void LogStoreNotReady(ILogger logger, Exception exception);
}

internal sealed record HealthStatus(string Status, string? Store, string? Model);
