using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Inference;
using Llama3Siem.Worker.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Api;

/// <summary>
/// <c>/healthz</c>: the process serves requests (liveness). <c>/readyz</c>: the store answers, a configured model is
/// loaded, and no dead letter has waited for its destination past <c>DeadLetters:MaxWait</c> (readiness). Both are anonymous and say nothing about incidents.
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

    private static async Task<IResult> ReadyAsync(
        IIncidentStore store, ModelSession model, DeadLetterBacklog deadLetters, IOptions<DeadLetterOptions> deadLetterOptions, ILoggerFactory loggers, CancellationToken cancellationToken)
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

        // A dead letter its destination has not taken for longer than DeadLetters:MaxWait holds its partition's
        // offset: the stream still flows, but an operator must look. The origin names a position, never content.
        var overdue = deadLetters.Oldest() is { } oldest && oldest.Waited >= deadLetterOptions.Value.MaxWait ? oldest : ((string Origin, TimeSpan Waited)?)null;
        var deadLetterState = overdue is { } late
            ? $"the dead letter of {late.Origin} has waited {late.Waited.TotalSeconds:F0} s for its destination ({deadLetters.Count} waiting)"
            : deadLetters.Count > 0 ? $"{deadLetters.Count} waiting" : "none waiting";
        var ready = storeReady && modelState != "loading" && overdue is null;
        var status = new HealthStatus(ready ? "ready" : "not_ready", storeReady ? "reachable" : "unreachable", modelState, deadLetterState);
        return ready ? TypedResults.Ok(status) : TypedResults.Json(status, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness probe: the incident store did not answer")]
    private static partial void LogStoreNotReady(ILogger logger, Exception exception);
}

internal sealed record HealthStatus(string Status, string? Store, string? Model, string? DeadLetters = null);
