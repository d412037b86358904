using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Llama3Siem.Sinks.Incidents;
using Microsoft.Extensions.DependencyInjection;

namespace Llama3Siem.Worker.Tests.Api;

/// <summary><c>/api/incidents</c> answers what the store answers, with the same filters, and validates its query.</summary>
public sealed class IncidentsApiTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Search_filters_match_the_store_and_get_returns_the_whole_incident()
    {
        await using var server = await ApiServer.StartAsync(_folder);
        var ct = TestContext.Current.CancellationToken;
        using var client = server.Client(server.GeneratedKey);
        var store = server.Store;

        var queries = new (string Path, IncidentQuery Query)[]
        {
            ("/api/incidents?limit=200", new IncidentQuery(Limit: 200)),
            ("/api/incidents?severity=critical", new IncidentQuery(MinimumSeverity: Prompts.Enrichment.Severity.Critical)),
            ("/api/incidents?technique=T1003.001", new IncidentQuery(Technique: "T1003.001")),
            ("/api/incidents?q=lsass", new IncidentQuery(Text: "lsass")),
            ("/api/incidents?limit=3&offset=2", new IncidentQuery(Limit: 3, Offset: 2)),
            ("/api/incidents?from=2026-03-02T09:00:00Z&to=2026-03-02T10:00:00Z", new IncidentQuery(From: DateTimeOffset.Parse("2026-03-02T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture), To: DateTimeOffset.Parse("2026-03-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture))),
        };
        foreach (var (path, query) in queries)
        {
            var expected = (await store.SearchAsync(query, ct)).Select(i => i.Id).ToList();
            var page = await client.GetFromJsonAsync<JsonElement>(path, ct);
            var actual = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
            Assert.Equal(expected, actual);
        }

        var critical = (await store.SearchAsync(new IncidentQuery(MinimumSeverity: Prompts.Enrichment.Severity.Critical), ct))[0];
        var one = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{critical.Id}", ct);
        Assert.Equal(critical.Id, one.GetProperty("id").GetString());
        Assert.Equal(critical.Iocs.Count, one.GetProperty("iocs").GetArrayLength());
        Assert.Equal(critical.Techniques.Count, one.GetProperty("techniques").GetArrayLength());
        Assert.Equal(critical.Mitigations.Count, one.GetProperty("mitigations").GetArrayLength());
        Assert.True(one.GetProperty("iocs")[0].GetProperty("evidence").GetArrayLength() > 0);
    }

    [Theory]
    [InlineData("limit=abc", "limit must be a whole number")]
    [InlineData("limit=0", "limit must be between 1 and 200")]
    [InlineData("limit=201", "limit must be between 1 and 200")]
    [InlineData("offset=-1", "offset must be a whole number")]
    [InlineData("severity=urgent", "severity must be low, medium, high or critical")]
    [InlineData("from=yesterday", "from must be a date and time")]
    public async Task Bad_query_parameters_get_a_400_problem_naming_the_parameter(string query, string message)
    {
        await using var server = await ApiServer.StartAsync(_folder);
        using var client = server.Client(server.GeneratedKey);
        using var response = await client.GetAsync("/api/incidents?" + query, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains(message, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_incident_is_a_404_problem()
    {
        await using var server = await ApiServer.StartAsync(_folder);
        using var client = server.Client(server.GeneratedKey);
        using var response = await client.GetAsync("/api/incidents/inc-000000000000000000000000", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_openapi_description_lists_the_routes_to_analysts_only()
    {
        await using var server = await ApiServer.StartAsync(_folder);
        using var anonymous = server.Client();
        using var refused = await anonymous.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var client = server.Client(server.GeneratedKey);
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/incidents", paths);
        Assert.Contains("/api/incidents/{id}", paths);
        Assert.Contains("/healthz", paths);
        Assert.Contains("/api/chat/stream", paths);
        Assert.Contains("/api/reports/{id}", paths);
    }

    public void Dispose() => _folder.Dispose();
}
