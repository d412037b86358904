using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Llama3Siem.Worker.Api;

/// <summary>
/// A token bucket per user (<see cref="ApiUser.NameOf"/>: a token's subject or a key's name, each in its own
/// namespace): one analyst's script cannot starve the others or the model. Rejections answer 429 with
/// <c>Retry-After</c> and a problem body.
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
                ApiUser.NameOf(context.User) ?? "anonymous",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = requestsPerMinute,
                    TokensPerPeriod = requestsPerMinute,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.OnRejected = (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero
                    ? wait
                    : TimeSpan.FromMinutes(1);
                return new ValueTask(ApiProblems.TooManyRequestsAsync(context.HttpContext, retryAfter,
                    "The per-user request limit was reached; retry after the number of seconds in Retry-After."));
            };
        });
        return services;
    }
}
