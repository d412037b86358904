using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Llama3Siem.Worker.Api;

/// <summary>
/// A token bucket per user (token subject or API key name): one analyst's script cannot starve the others or the
/// model. Rejections answer 429 with <c>Retry-After</c> and a problem body.
/// </summary>
internal static class ApiRateLimiting
{
    public const string PerUserPolicy = "per-user";

    public static IServiceCollection AddLlama3SiemRateLimiting(this IServiceCollection services, int requestsPerMinute)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PerUserPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.Identity?.Name ?? "anonymous",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = requestsPerMinute,
                    TokensPerPeriod = requestsPerMinute,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero
                    ? wait
                    : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    "The per-user request limit was reached; retry after the number of seconds in Retry-After.");
            };
        });
        return services;
    }
}
