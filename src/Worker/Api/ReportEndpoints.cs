using Llama3Siem.Sinks.Reports;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Api;

/// <summary><c>GET /api/reports</c> (stored threat reports, newest first) and <c>GET /api/reports/{id}</c> (one, as JSON, Markdown or HTML).</summary>
internal static class ReportEndpoints
{
    /// <summary>
    /// The report page is our own self-contained HTML (inline styles and SVG, no script): it gets a policy that allows
    /// exactly that, instead of the page-wide one.
    /// </summary>
    private const string ReportPagePolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports");
        reports.MapGet("/", ListAsync)
            .WithName("ListReports")
            .WithSummary("Stored threat reports, newest window first; from/to filter on the window's end.")
            .Produces<ReportPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        reports.MapGet("/{id}", GetAsync)
            .WithName("GetReport")
            .WithSummary("One report: format=json (default), md or html.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, IReportStore store, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var limit = ApiQuery.Number(request.Query, "limit", 50, errors);
        var offset = ApiQuery.Number(request.Query, "offset", 0, errors);
        var from = ApiQuery.Time(request.Query, "from", errors);
        var to = ApiQuery.Time(request.Query, "to", errors);
        var maxLimit = Math.Min(options.Value.MaxPageSize, SqliteReportStore.MaxLimit);
        if (limit < 1 || limit > maxLimit)
        {
            errors.Add($"limit must be between 1 and {maxLimit}.");
        }

        if (errors.Count > 0)
        {
            return ApiProblems.BadRequest(string.Join(" ", errors));
        }

        var items = await store.ListAsync(limit, offset, from, to, cancellationToken);
        return TypedResults.Ok(new ReportPage(items, limit, offset));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IReportStore store, CancellationToken cancellationToken)
    {
        var format = ApiQuery.Text(context.Request.Query, "format") ?? "json";
        if (format is not ("json" or "md" or "html"))
        {
            return ApiProblems.BadRequest("format must be json, md or html.");
        }

        if (await store.GetAsync(id, cancellationToken) is not { } stored)
        {
            return ApiProblems.NotFound("No report has this id.");
        }

        switch (format)
        {
            case "md":
                return TypedResults.Text(ThreatReportRenderer.Markdown(ThreatReportRenderer.FromJson(stored.Json)), "text/markdown; charset=utf-8");
            case "html":
                context.Response.Headers.ContentSecurityPolicy = ReportPagePolicy;
                return TypedResults.Text(ThreatReportRenderer.Html(ThreatReportRenderer.FromJson(stored.Json)), "text/html; charset=utf-8");
            default:
                return TypedResults.Text(stored.Json, "application/json; charset=utf-8");
        }
    }
}

/// <summary>One page of report summaries.</summary>
internal sealed record ReportPage(IReadOnlyList<ReportSummary> Items, int Limit, int Offset);
