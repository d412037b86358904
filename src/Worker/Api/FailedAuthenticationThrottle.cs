using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Llama3Siem.Worker.Api;

/// <summary>
/// Refuses, with 429 and <c>Retry-After</c>, requests that carry credentials from an address that failed to
/// authenticate too often (<see cref="FailedAuthentications"/>), before any credential is checked; counts the failures.
/// Requests without credentials (probes, the page's files, anonymous calls) check nothing, so they are neither counted
/// nor refused: a load balancer's probes from a shared address keep working while a client there is refused.
/// </summary>
internal static class FailedAuthenticationThrottle
{
    /// <summary>Goes right before <c>UseAuthentication</c>. The address is the connection's, as forwarded-headers handling left it.</summary>
    public static IApplicationBuilder UseFailedAuthenticationThrottle(this IApplicationBuilder app) => app.Use(ThrottleAsync);

    private static async Task ThrottleAsync(HttpContext context, RequestDelegate next)
    {
        if (!ApiKeyAuthenticationHandler.PresentsCredentials(context.Request.Headers))
        {
            await next(context);
            return;
        }

        var failures = context.RequestServices.GetRequiredService<FailedAuthentications>();
        var address = FailedAuthentications.AddressOf(context.Connection.RemoteIpAddress);
        if (failures.RetryAfter(address) is { } wait)
        {
            await ApiProblems.TooManyRequestsAsync(context, wait,
                "Too many failed authentications from this address; retry after the number of seconds in Retry-After.");
            return;
        }

        await next(context);

        // The authentication middleware sets the user only for a valid credential: one presented that left no
        // authenticated user failed, whichever scheme checked it.
        if (context.User.Identity?.IsAuthenticated != true)
        {
            failures.Record(address);
        }
    }
}
