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

    [Fact]
    public async Task Analysts_browse_reports_and_chat_citations_of_a_report_open_it()
    {
        AnalystBrowser.ChromiumPath();
        await using var server = await ApiServer.StartAsync(_folder, true, ReportsApiTests.FrequentSchedule);
        using var client = server.Client(server.GeneratedKey);
        var id = (await ReportsApiTests.FirstReportAsync(client, TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;

        await using var browser = await AnalystBrowser.LaunchAsync(_folder, output, nameof(Analysts_browse_reports_and_chat_citations_of_a_report_open_it));
        var page = browser.Page;
        await browser.OpenAsync(server.Address, "#/reports");
        await browser.SignInAsync(server.GeneratedKey);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Threat reports" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = id }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(id);
        await Expect(page.Locator(".report-text")).ToContainTextAsync("T1003.001");
        await browser.ScreenshotAsync("report-view", fullPage: false);

        // The chat beside the incident list answers from the newest report and cites it; the citation opens it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Incidents" }).First.ClickAsync();
        var chat = page.Locator("#list-chat .chat");
        await chat.GetByLabel("Question").FillAsync("What did the last report say?");
        await chat.GetByLabel("Question").PressAsync("Enter");
        await page.WaitForFunctionAsync("() => ['done', 'error'].includes(document.querySelector('#list-chat .chat')?.dataset.state)");
        Assert.Equal("done", await chat.GetAttributeAsync("data-state"));
        // The schedule fires every two seconds, so the newest report may be younger than the one opened above.
        var citation = chat.Locator(".turn-assistant .answer a[href^='#/reports/frequent-']").First;
        await Expect(citation).ToBeVisibleAsync();
        var cited = (await citation.TextContentAsync())!;
        await browser.ScreenshotAsync("report-chat", fullPage: false);
        await citation.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(cited);
        await Expect(page.Locator(".report-text")).ToContainTextAsync("T1003.001");
        Assert.Empty(browser.Problems);
    }

    public void Dispose() => _folder.Dispose();
}
