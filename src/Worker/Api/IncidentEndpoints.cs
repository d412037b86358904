using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Worker.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Api;

/// <summary><c>GET /api/incidents</c> (search) and <c>GET /api/incidents/{id}</c>: the store, read-only.</summary>
internal static class IncidentEndpoints
{
    public static RouteGroupBuilder MapIncidentsApi(this RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/incidents").WithTags("Incidents");
        incidents.MapGet("/", SearchAsync)
            .WithName("SearchIncidents")
            .WithSummary("Incidents matching every filter given, newest last-seen first.")
            .Produces<IncidentPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        incidents.MapGet("/{id}", GetAsync)
            .WithName("GetIncident")
            .WithSummary("One incident with its IOCs and evidence, techniques, mitigations and narrative.")
            .Produces<EnrichedIncident>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> SearchAsync(
        HttpRequest request,
        IIncidentStore store,
        IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        var parameters = request.Query;
        var errors = new List<string>();
        var query = new IncidentQuery(
            Text: ApiQuery.Text(parameters, "q"),
            From: ApiQuery.Time(parameters, "from", errors),
            To: ApiQuery.Time(parameters, "to", errors),
            MinimumSeverity: MinimumSeverity(parameters, errors),
            Limit: ApiQuery.Number(parameters, "limit", 50, errors),
            Offset: ApiQuery.Number(parameters, "offset", 0, errors),
            Technique: ApiQuery.Text(parameters, "technique"),
            IocValue: ApiQuery.Text(parameters, "ioc"),
            Host: ApiQuery.Text(parameters, "host"),
            User: ApiQuery.Text(parameters, "user"));
        if (query.Limit < 1 || query.Limit > options.Value.MaxPageSize)
        {
            errors.Add($"limit must be between 1 and {options.Value.MaxPageSize}.");
        }

        if (query.Offset < 0)
        {
            errors.Add("offset must not be negative.");
        }

        if (errors.Count > 0)
        {
            return ApiProblems.BadRequest(string.Join(" ", errors));
        }

        var found = await store.SearchAsync(query, cancellationToken);
        return TypedResults.Ok(new IncidentPage(found, query.Limit, query.Offset));
    }

    private static async Task<IResult> GetAsync(string id, IIncidentStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } incident
            ? TypedResults.Ok(incident)
            : ApiProblems.NotFound("No incident has this id.");

    private static Severity? MinimumSeverity(IQueryCollection query, List<string> errors)
    {
        if (ApiQuery.Text(query, "severity") is not { } text)
        {
            return null;
        }

        if (SeverityNames.TryParse(text, out var severity))
        {
            return severity;
        }

        errors.Add("severity must be low, medium, high or critical.");
        return null;
    }
}

/// <summary>One page of search results; ask for the next with <c>offset = Offset + Items.Count</c>.</summary>
internal sealed record IncidentPage(IReadOnlyList<EnrichedIncident> Items, int Limit, int Offset);
