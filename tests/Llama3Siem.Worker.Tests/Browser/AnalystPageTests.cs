using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Worker.Tests.Api;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Llama3Siem.Worker.Tests.Browser;

/// <summary>
/// The analysts' page in headless Chromium against the real server: sign-in, search, the incident view, the chat
/// pane, and that attacker-controlled incident text stays text.
/// </summary>
public sealed class AnalystPageTests(ITestOutputHelper output) : IDisposable
{
    private const string Markup = "<img src=x onerror=\"window.__pwned=1\">";

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Analyst_signs_in_searches_by_technique_and_opens_the_critical_incident()
    {
        AnalystBrowser.ChromiumPath();
        await using var server = await ApiServer.StartAsync(_folder);
        var store = server.Store;
        var ct = TestContext.Current.CancellationToken;
        var all = await store.SearchAsync(new IncidentQuery(Limit: 50), ct);
        var withLsassDump = await store.SearchAsync(new IncidentQuery(Technique: "T1003.001"), ct);
        var critical = Assert.Single(withLsassDump, i => i.Severity == "critical");
        Assert.True(all.Count > withLsassDump.Count, "the search must narrow the list for this test to mean something");

        await using var browser = await AnalystBrowser.LaunchAsync(_folder, output, nameof(Analyst_signs_in_searches_by_technique_and_opens_the_critical_incident));
        var page = browser.Page;
        await browser.OpenAsync(server.Address);
        await browser.SignInAsync(server.GeneratedKey);

        var rows = page.Locator("#incident-rows tr");
        await Expect(rows).ToHaveCountAsync(all.Count);
        await Expect(page.Locator("#list-status")).ToContainTextAsync($"Showing 1\u2013{all.Count}");
        for (var i = 0; i < all.Count; i++)
        {
            await Expect(rows.Nth(i).Locator(".sev")).ToHaveTextAsync(all[i].Severity);
            await Expect(rows.Nth(i).Locator("a")).ToHaveAttributeAsync("href", "#/incidents/" + all[i].Id);
        }

        await browser.ScreenshotAsync("list");

        await page.GetByLabel("Technique").FillAsync("T1003.001");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/incidents\\?technique=T1003\\.001$"));
        await Expect(rows).ToHaveCountAsync(withLsassDump.Count);
        var criticalRow = page.Locator("#incident-rows tr[data-severity=critical]");
        await Expect(criticalRow).ToHaveCountAsync(1);
        await Expect(criticalRow).ToContainTextAsync("T1003.001");

        await criticalRow.Locator("a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/incidents/" + critical.Id + "$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(critical.Id);
        await Expect(page.Locator(".incident-head .sev")).ToHaveTextAsync("critical");

        var iocRows = page.Locator("table.iocs tbody tr");
        await Expect(iocRows).ToHaveCountAsync(critical.Iocs.Count);
        for (var i = 0; i < critical.Iocs.Count; i++)
        {
            var ioc = critical.Iocs[i];
            var cells = iocRows.Nth(i).Locator("td");
            await Expect(cells.Nth(0)).ToHaveTextAsync(ioc.Type);
            await Expect(cells.Nth(1)).ToHaveTextAsync(ioc.Value);
            await Expect(cells.Nth(2)).ToHaveTextAsync(ioc.Internal ? "yes" : "no");
            await Expect(cells.Nth(3)).ToContainTextAsync(ioc.Evidence[0]);
        }

        var techniqueRows = page.Locator("table.techniques tbody tr");
        await Expect(techniqueRows).ToHaveCountAsync(critical.Techniques.Count);
        for (var i = 0; i < critical.Techniques.Count; i++)
        {
            var technique = critical.Techniques[i];
            Assert.False(string.IsNullOrEmpty(technique.Name), $"technique {technique.Id} has a name in the knowledge base");
            await Expect(techniqueRows.Nth(i).Locator("td").Nth(0)).ToHaveTextAsync(technique.Id);
            await Expect(techniqueRows.Nth(i).Locator("td").Nth(1)).ToHaveTextAsync(technique.Name!);
            await Expect(techniqueRows.Nth(i).Locator("td").Nth(2)).ToHaveTextAsync(technique.Source);
        }

        await Expect(page.Locator("table.mitigations tbody tr")).ToHaveCountAsync(critical.Mitigations.Count);
        await Expect(page.GetByText("Status: " + critical.NarrativeStatus)).ToBeVisibleAsync();
        await Expect(page.Locator("dd").Filter(new() { HasText = critical.Provenance.PromptVersion })).ToHaveCountAsync(1);
        await browser.ScreenshotAsync("critical-incident-window", fullPage: false);
        await browser.ScreenshotAsync("critical-incident");

        await page.GetByRole(AriaRole.Link, new() { Name = "\u2190 Incidents" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(all.Count);
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Time_range_search_reads_the_inputs_as_utc_and_matches_the_store()
    {
        AnalystBrowser.ChromiumPath();
        await using var server = await ApiServer.StartAsync(_folder);
        var store = server.Store;
        var from = DateTimeOffset.Parse("2026-03-02T09:00:00Z", CultureInfo.InvariantCulture);
        var to = DateTimeOffset.Parse("2026-03-02T10:00:00Z", CultureInfo.InvariantCulture);
        var expected = await store.SearchAsync(new IncidentQuery(From: from, To: to, MinimumSeverity: Severity.Low), TestContext.Current.CancellationToken);
        var everything = await store.SearchAsync(new IncidentQuery(Limit: 50), TestContext.Current.CancellationToken);
        Assert.InRange(expected.Count, 1, everything.Count - 1);

        await using var browser = await AnalystBrowser.LaunchAsync(_folder, output, nameof(Time_range_search_reads_the_inputs_as_utc_and_matches_the_store));
        var page = browser.Page;
        await browser.OpenAsync(server.Address);
        await browser.SignInAsync(server.GeneratedKey);
        await Expect(page.Locator("#incident-rows tr")).ToHaveCountAsync(everything.Count);

        await page.GetByLabel("From (UTC)").FillAsync("2026-03-02T09:00");
        await page.GetByLabel("To (UTC)").FillAsync("2026-03-02T10:00");
        await page.GetByLabel("Minimum severity").SelectOptionAsync("low");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();

        var links = page.Locator("#incident-rows tr a");
        await Expect(links).ToHaveCountAsync(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            await Expect(links.Nth(i)).ToHaveAttributeAsync("href", "#/incidents/" + expected[i].Id);
        }

        // The search is in the address: a reload shows the same page with the form filled in.
        await page.ReloadAsync();
        await Expect(links).ToHaveCountAsync(expected.Count);
        await Expect(page.GetByLabel("From (UTC)")).ToHaveValueAsync("2026-03-02T09:00");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Chat_answer_streams_into_the_page_with_citation_links()
    {
        AnalystBrowser.ChromiumPath();
        EnrichedIncident critical;
        await using (var seeding = await ApiServer.StartAsync(_folder))
        {
            var seeded = seeding.Store;
            critical = (await seeded.SearchAsync(new IncidentQuery(MinimumSeverity: Severity.Critical, Technique: "T1003.001"), TestContext.Current.CancellationToken)).Single();
        }

        // The generated model (random weights) streams this answer token by token; the server removes the citation
        // of an incident it did not retrieve before the page can show it.
        var grammar = $"root ::= \"The attacker used 185.234.72.19 for command and control [{critical.Id}], as in [inc-0123456789abcdef01234567].\"";
        await using var server = await ApiServer.StartAsync(_folder, GrammarForcedModel.ForChat(grammar), true, ChatApiTests.TinyModelSettings(_folder, 200));

        await using var browser = await AnalystBrowser.LaunchAsync(_folder, output, nameof(Chat_answer_streams_into_the_page_with_citation_links));
        var page = browser.Page;
        await browser.OpenAsync(server.Address, "#/incidents/" + critical.Id);
        await browser.SignInAsync(server.GeneratedKey);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(critical.Id);

        var chat = page.Locator("#incident-chat .chat");
        await chat.GetByLabel("Question").FillAsync("Which external address did the attacker use, and what did they do with it?");
        await chat.GetByLabel("Question").PressAsync("Enter");
        await Expect(chat.Locator(".turn-user")).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync(
            "() => ['done', 'error'].includes(document.querySelector('#incident-chat .chat')?.dataset.state)",
            null,
            new PageWaitForFunctionOptions { Timeout = 120_000 });
        await browser.ScreenshotAsync("chat", fullPage: false);

        var state = await chat.GetAttributeAsync("data-state");
        Assert.True(state == "done", "the chat pane ended in state " + state + ": " + await chat.Locator(".chat-log li").Last.InnerTextAsync());
        await Expect(chat.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeEnabledAsync();
        var answer = chat.Locator(".turn-assistant").Last;
        await Expect(answer.Locator(".answer")).Not.ToBeEmptyAsync();
        await Expect(answer.Locator(".answer")).ToContainTextAsync("The attacker used 185.234.72.19 for command and control");
        await Expect(answer).Not.ToContainTextAsync("0123456789abcdef");
        var citations = answer.Locator("a[href^='#/incidents/inc-']");
        Assert.True(await citations.CountAsync() > 0, "the answer links at least one cited incident");

        var cited = (await citations.First.GetAttributeAsync("href"))!;
        await citations.First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(cited) + "$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(cited["#/incidents/".Length..]);
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Chat_pane_reads_the_event_stream_keeps_markup_as_text_and_continues_the_conversation()
    {
        // The page's half of the chat protocol, against a hand-written stream: the token and done events the
        // server sends (CRLF line ends, a comment, split data), with markup in the answer that must stay text.
        AnalystBrowser.ChromiumPath();
        await using var server = await ApiServer.StartAsync(_folder);
        var store = server.Store;
        var critical = (await store.SearchAsync(new IncidentQuery(MinimumSeverity: Severity.Critical, Technique: "T1003.001"), TestContext.Current.CancellationToken)).Single();

        await using var browser = await AnalystBrowser.LaunchAsync(_folder, output, nameof(Chat_pane_reads_the_event_stream_keeps_markup_as_text_and_continues_the_conversation));
        var page = browser.Page;
        var requests = new List<JsonElement>();
        var authorizations = new List<string>();
        await page.RouteAsync("**/api/chat/stream", async route =>
        {
            requests.Add(JsonDocument.Parse(route.Request.PostData!).RootElement.Clone());
            authorizations.Add(route.Request.Headers.GetValueOrDefault("authorization", ""));
            var answer = $"The attacker dumped LSASS on srv-dc01 [{critical.Id}]. {Markup}";
            var stream = new StringBuilder()
                .Append(": keep-alive\r\n\r\n")
                .Append("event: token\r\ndata: {\"text\":\"The attacker \"}\r\n\r\n")
                .Append("event: token\r\ndata: ").Append(JsonSerializer.Serialize(new { text = Markup })).Append("\r\n\r\n")
                .Append("event: done\r\ndata: ").Append(JsonSerializer.Serialize(new
                {
                    answer,
                    citations = new[] { critical.Id },
                    conversationId = "conv-" + requests.Count,
                    removedCitations = 1,
                })).Append("\r\n\r\n");
            await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/event-stream", Body = stream.ToString() });
        });

        await browser.OpenAsync(server.Address, "#/incidents/" + critical.Id);
        await browser.SignInAsync(server.GeneratedKey);
        var chat = page.Locator("#incident-chat .chat");
        var question = chat.GetByLabel("Question");
        await question.FillAsync("What happened on srv-dc01?");
        await question.PressAsync("Enter");
        await Expect(chat).ToHaveAttributeAsync("data-state", "done");

        var answer = chat.Locator(".turn-assistant .answer").Last;
        await Expect(answer).ToContainTextAsync(Markup);
        await Expect(answer.Locator("a")).ToHaveCountAsync(1);
        await Expect(answer.Locator("a")).ToHaveAttributeAsync("href", "#/incidents/" + critical.Id);
        await Expect(chat.Locator(".sources a")).ToHaveAttributeAsync("href", "#/incidents/" + critical.Id);
        await Expect(chat.Locator(".note")).ToContainTextAsync("Removed 1 citation");
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));

        // Shift+Enter adds a line; Enter sends, with the conversation id of the previous answer.
        await question.FillAsync("And after that?");
        await question.PressAsync("Shift+Enter");
        await Expect(chat.Locator(".turn-user")).ToHaveCountAsync(1);
        await question.PressAsync("Enter");
        await Expect(chat.Locator(".turn-assistant")).ToHaveCountAsync(2);
        await Expect(chat).ToHaveAttributeAsync("data-state", "done");
        await browser.ScreenshotAsync("chat-stream", fullPage: false);

        Assert.Equal(2, requests.Count);
        Assert.All(authorizations, header => Assert.Equal("Bearer " + server.GeneratedKey, header));
        Assert.False(requests[0].TryGetProperty("conversationId", out _));
        Assert.Equal("conv-1", requests[1].GetProperty("conversationId").GetString());
        foreach (var request in requests)
        {
            Assert.Equal(critical.Id, request.GetProperty("incidentId").GetString());
            Assert.Equal("user", request.GetProperty("messages")[0].GetProperty("role").GetString());
        }

        Assert.Equal("What happened on srv-dc01?", requests[0].GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal("And after that?", requests[1].GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task An_incident_with_injection_shows_a_notice_and_its_injected_iocs_in_their_own_table()
    {
        AnalystBrowser.ChromiumPath();
        await using var server = await ApiServer.StartAsync(_folder);
        var ct = TestContext.Current.CancellationToken;
        var sample = Assert.Single(await server.Store.SearchAsync(new IncidentQuery(Limit: 1), ct));
        string[] events = ["told-e1", "told-e2"];

        // Its events told the analyst to list 198.51.100.77 as the command server; a field name carries markup.
        var told = sample with
        {
            Id = IncidentIds.For(events),
            Events = events,
            Iocs =
            [
                new IncidentIoc { Type = "ipv4", Value = "203.0.113.5", Evidence = [events[0]] },
                new IncidentIoc { Type = "ipv4", Value = "198.51.100.77", Injected = true, Evidence = [events[1]] },
            ],
            Injection = new IncidentInjection { Fields = ["message", Markup], Kinds = ["instruction-override"] },
        };
        await server.Store.UpsertAsync([told], ct);

        await using var browser = await AnalystBrowser.LaunchAsync(_folder, output, nameof(An_incident_with_injection_shows_a_notice_and_its_injected_iocs_in_their_own_table));
        var page = browser.Page;
        await browser.OpenAsync(server.Address);
        await browser.SignInAsync(server.GeneratedKey);
        // The sample incident with the 09:07 special-token attempt is tagged too; ours must be.
        await Expect(page.Locator($"#incident-rows tr:has(a[href='#/incidents/{told.Id}']) .tag.injection")).ToHaveCountAsync(1);

        await page.EvaluateAsync("id => { location.hash = '#/incidents/' + id; }", told.Id);
        var notice = page.Locator(".injection-notice");
        await Expect(notice).ToContainTextAsync("The events carried text addressed to an automated analyst.");
        await Expect(notice.Locator("dd .tag")).ToHaveTextAsync(["message", Markup, "instruction-override"]);
        await Expect(page.Locator("table.iocs tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table.iocs tbody")).ToContainTextAsync("203.0.113.5");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Seen only inside injection text (not evidence) (1)" })).ToBeVisibleAsync();
        await Expect(page.Locator("table.iocs-injected tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table.iocs-injected tbody")).ToContainTextAsync("198.51.100.77");
        await browser.ScreenshotAsync("injection-incident");

        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Incident_text_with_markup_is_shown_as_text_and_never_runs()
    {
        AnalystBrowser.ChromiumPath();
        var events = _folder.File("markup-events.jsonl");
        var hostile = JsonLine("2026-03-02T10:00:00Z", "powershell -enc " + Markup + " http://evil.example/<script>window.__pwned=2</script>")
            + JsonLine("2026-03-02T10:01:00Z", "cmd /c whoami " + Markup);
        await File.WriteAllTextAsync(events, hostile, TestContext.Current.CancellationToken);
        var (exitCode, _, error) = await CliRunner.RunAsync("enrich", "--input", events, "--db", ApiServer.DatabaseFile(_folder),
            "--DeadLetters:Path=" + _folder.File("markup-dead-letters.jsonl"));
        Assert.True(exitCode == 0, error);

        await using var server = await ApiServer.StartAsync(_folder);
        var store = server.Store;
        var incident = Assert.Single(await store.SearchAsync(new IncidentQuery(), TestContext.Current.CancellationToken));
        Assert.Contains(Markup, incident.Hosts);
        // Our summary describes a host name that is no identifier rather than quoting it.
        Assert.DoesNotContain(Markup, incident.Summary, StringComparison.Ordinal);
        Assert.Contains("a host name of 38 characters", incident.Summary, StringComparison.Ordinal);

        await using var browser = await AnalystBrowser.LaunchAsync(_folder, output, nameof(Incident_text_with_markup_is_shown_as_text_and_never_runs));
        var page = browser.Page;
        await browser.OpenAsync(server.Address);
        await browser.SignInAsync(server.GeneratedKey);
        var row = page.Locator("#incident-rows tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("a")).ToContainTextAsync("a host name of 38 characters");

        await row.Locator("a").ClickAsync();
        await Expect(page.Locator(".summary-text")).ToHaveTextAsync(incident.Summary);
        await Expect(page.Locator(".facts dd .tag").Filter(new() { HasText = Markup })).ToHaveCountAsync(2);
        await browser.ScreenshotAsync("markup-incident");

        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal(0, await page.Locator("[onerror]").CountAsync());
        Assert.Equal(1, await page.Locator("script").CountAsync());
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task A_refused_token_keeps_the_analyst_on_sign_in_with_the_reason()
    {
        AnalystBrowser.ChromiumPath();
        await using var server = await ApiServer.StartAsync(_folder);
        await using var browser = await AnalystBrowser.LaunchAsync(_folder, output, nameof(A_refused_token_keeps_the_analyst_on_sign_in_with_the_reason));
        var page = browser.Page;
        await browser.OpenAsync(server.Address);
        await Expect(page.GetByText(".data/api-key")).ToBeVisibleAsync();

        await browser.SignInAsync(server.GeneratedKey[..^4] + "AAA=");
        await Expect(page.Locator("#sign-in-message")).ToContainTextAsync("refused this token (401)");
        await Expect(page.Locator("#list-view")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('llama3siem.token')"));
        await browser.ScreenshotAsync("refused");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task A_missing_role_and_the_rate_limit_are_explained()
    {
        AnalystBrowser.ChromiumPath();
        await using var server = await ApiServer.StartAsync(_folder, true, [.. TestTokens.Settings, "--Api:RequestsPerMinute=3"]);
        await using var browser = await AnalystBrowser.LaunchAsync(_folder, output, nameof(A_missing_role_and_the_rate_limit_are_explained));
        var page = browser.Page;
        await browser.OpenAsync(server.Address);

        await browser.SignInAsync(TestTokens.Create("bob", ["viewer"]));
        await Expect(page.Locator("#sign-in-message")).ToContainTextAsync("does not carry the analyst role (403)");

        // Three requests a minute: the sign-in check, the list and one search; the next search is refused.
        await browser.SignInAsync(TestTokens.Create("alice", ["analyst"]));
        await Expect(page.Locator("#incident-rows tr").First).ToBeVisibleAsync();
        var search = page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true });
        await page.GetByLabel("Host").FillAsync("srv-dc01");
        await search.ClickAsync();
        await Expect(page.Locator("#list-status")).ToContainTextAsync("Showing");
        await page.GetByLabel("Host").FillAsync("srv-file02");
        await search.ClickAsync();
        await Expect(page.Locator("#list-status")).ToHaveTextAsync(new Regex("^Rate limited, retry in [1-9][0-9]* s\\.$"));
        await browser.ScreenshotAsync("rate-limited");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Signing_out_forgets_the_token_and_returns_to_sign_in()
    {
        AnalystBrowser.ChromiumPath();
        await using var server = await ApiServer.StartAsync(_folder);
        await using var browser = await AnalystBrowser.LaunchAsync(_folder, output, nameof(Signing_out_forgets_the_token_and_returns_to_sign_in));
        var page = browser.Page;
        await browser.OpenAsync(server.Address);
        await browser.SignInAsync(server.GeneratedKey);
        await Expect(page.Locator("#incident-rows tr").First).ToBeVisibleAsync();
        Assert.Equal(server.GeneratedKey, await page.EvaluateAsync<string?>("() => sessionStorage.getItem('llama3siem.token')"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.Locator("#sign-in-message")).ToHaveTextAsync("Signed out.");
        await Expect(page.Locator("#list-view")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('llama3siem.token')"));

        // Going back to a data route without a token asks for one again instead of showing stale data.
        await page.GotoAsync(new Uri(server.Address, "/#/incidents").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.Locator("#incident-rows tr")).ToHaveCountAsync(0);
        Assert.Empty(browser.Problems);
    }

    private static string JsonLine(string time, string commandLine) =>
        JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["time"] = time,
            ["host"] = Markup,
            ["user"] = Markup,
            ["command_line"] = commandLine,
            ["msg"] = Markup + " started a process",
            ["src_ip"] = "203.0.113.7",
        }) + "\n";

    public void Dispose() => _folder.Dispose();
}
