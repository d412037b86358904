using Llama3Siem.Worker.Tests.Api;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Llama3Siem.Worker.Tests.Browser;

/// <summary>A scheduled report's HTML page, served by the API, renders in headless Chromium with its charts.</summary>
public sealed class ThreatReportPageTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task The_html_report_renders_its_charts_and_tables_in_chromium()
    {
        AnalystBrowser.ChromiumPath();
        await using var server = await ApiServer.StartAsync(_folder, true, ReportsApiTests.FrequentSchedule);
        using var client = server.Client(server.GeneratedKey);
        var id = (await ReportsApiTests.FirstReportAsync(client, TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;

        await using var browser = await AnalystBrowser.LaunchAsync(_folder, output, nameof(The_html_report_renders_its_charts_and_tables_in_chromium));
        var page = browser.Page;
        await page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Authorization"] = "Bearer " + server.GeneratedKey });
        var response = await page.GotoAsync(new Uri(server.Address, $"/api/reports/{id}?format=html").ToString());
        Assert.Equal(200, response!.Status);

        await Expect(page.Locator("h1")).ToContainTextAsync("Threat report");
        var charts = page.Locator("svg");
        Assert.True(await charts.CountAsync() >= 3, "incidents over time, by severity and top techniques");
        await browser.ScreenshotAsync("report");
        await browser.ScreenshotAsync("report-window", fullPage: false);
        for (var i = 0; i < await charts.CountAsync(); i++)
        {
            var box = await charts.Nth(i).BoundingBoxAsync();
            output.WriteLine($"chart {i}: {box?.Width}x{box?.Height}");
            Assert.True(box is { Width: > 100, Height: > 20 }, $"chart {i} is laid out at a readable size");
        }

        await Expect(page.GetByText("T1003.001").First).ToBeVisibleAsync();
        Assert.Empty(browser.Problems);
    }

    public void Dispose() => _folder.Dispose();
}
