using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Llama3Siem.Worker.Tests.Api;

/// <summary>
/// <c>run</c> schedules reports with Quartz and serves them: a schedule firing every two seconds over the seeded
/// store produces stored reports and files, read back through <c>/api/reports</c> as JSON, Markdown and HTML.
/// </summary>
public sealed class ReportsApiTests : IDisposable
{
    private readonly TempFolder _folder = new();

    /// <summary>A schedule that fires every two seconds over the last year: the shipped samples fall in it.</summary>
    internal static string[] FrequentSchedule =>
    [
        "--Reports:Schedules:frequent:Cron=0/2 * * * * ?",
        "--Reports:Schedules:frequent:Window=365.00:00:00",
        "--Reports:Schedules:frequent:Audience=analyst",
        "--Reports:Schedules:frequent:Formats:0=md",
        "--Reports:Schedules:frequent:Formats:1=html",
    ];

    [Fact]
    public async Task Scheduled_reports_are_stored_written_and_served_in_three_formats()
    {
        await using var server = await ApiServer.StartAsync(_folder, true, FrequentSchedule);
        var ct = TestContext.Current.CancellationToken;
        using var client = server.Client(server.GeneratedKey);

        var summary = await FirstReportAsync(client, ct);
        var id = summary.GetProperty("id").GetString()!;
        Assert.StartsWith("frequent-", id, StringComparison.Ordinal);
        Assert.Equal("frequent", summary.GetProperty("schedule").GetString());
        Assert.Equal(16, summary.GetProperty("incidents").GetInt64());

        var json = await client.GetFromJsonAsync<JsonElement>($"/api/reports/{id}", ct);
        Assert.Equal(16, json.GetProperty("incidents").GetInt64());
        Assert.True(json.GetProperty("top_techniques").GetArrayLength() > 0);

        using var markdown = await client.GetAsync($"/api/reports/{id}?format=md", ct);
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("T1003.001", await markdown.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        using var html = await client.GetAsync($"/api/reports/{id}?format=html", ct);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await html.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var files = Directory.GetFiles(_folder.File("reports"), id + ".*").Select(Path.GetExtension).Order().ToList();
        Assert.Equal([".html", ".md"], files);
    }

    [Fact]
    public async Task Reports_need_the_analyst_role_and_unknown_ids_are_404()
    {
        await using var server = await ApiServer.StartAsync(_folder, true, TestTokens.Settings);
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = server.Client();
        using var refused = await anonymous.GetAsync("/api/reports", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var viewer = server.Client(TestTokens.Create("bob", ["viewer"]));
        using var forbidden = await viewer.GetAsync("/api/reports", ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var analyst = server.Client(TestTokens.Create("alice", ["analyst"]));
        using var missing = await analyst.GetAsync("/api/reports/daily-20990101T0600Z", ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var badFormat = await analyst.GetAsync("/api/reports/daily-20990101T0600Z?format=pdf", ct);
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        var list = await analyst.GetFromJsonAsync<JsonElement>("/api/reports", ct);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Waits (up to 30 s) for the scheduler's first stored report.</summary>
    internal static async Task<JsonElement> FirstReportAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/api/reports", cancellationToken);
            if (page.GetProperty("items").GetArrayLength() > 0)
            {
                return page.GetProperty("items")[0];
            }

            Assert.True(DateTime.UtcNow < deadline, "no scheduled report was stored within 30 s");
            await Task.Delay(250, cancellationToken);
        }
    }
}
