using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Llama3Siem.Worker.Api;

/// <summary>
/// RFC 7807 bodies for every error. Details are our own fixed sentences: never exception text, stack traces or
/// anything taken from events or messages, which may hold attacker-controlled text.
/// </summary>
internal static class ApiProblems
{
    public static IServiceCollection AddLlama3SiemProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            // The framework may attach exception details in some environments; this API never does.
            context.ProblemDetails.Extensions.Remove("exception");
            context.ProblemDetails.Extensions.Remove("errors");
            if (context.Exception is not null)
            {
                context.ProblemDetails.Detail = "The request could not be completed; the server log has the details.";
            }

            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });

    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return service.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    /// <summary>429 with <c>Retry-After</c> in whole seconds, at least one, so a client never retries at once.</summary>
    public static Task TooManyRequestsAsync(HttpContext context, TimeSpan retryAfter, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests", detail);
    }

    public static IResult BadRequest(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
