using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Sinks.Sqlite;
using Llama3Siem.Worker.Reports;
using Microsoft.Extensions.Time.Testing;

namespace Llama3Siem.Worker.Tests.Reports;

/// <summary>Report figures are computed from the store, exactly; renderings are self-contained and encoded.</summary>
public sealed class ThreatReportTests : IDisposable
{
    private static readonly DateTimeOffset Day = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static EnrichedIncident Incident(string id, int hour, string severity, string[] techniques, string[] controls, string[] hosts, string[] users, int events = 1) => new()
    {
        Id = id,
        FirstSeen = Day.AddHours(hour),
        LastSeen = Day.AddHours(hour).AddMinutes(10),
        Severity = severity,
        Summary = $"summary of {id} <b>",
        NarrativeStatus = NarrativeStatus.NotGenerated,
        Events = Enumerable.Range(0, events).Select(e => $"{id}-e{e}").ToList(),
        Hosts = hosts,
        Users = users,
        Iocs = [new IncidentIoc { Type = "domain", Value = "update-cdn-check.xyz", Evidence = [$"{id}-e0"] }],
        Techniques = techniques.Select(t => new IncidentTechnique { Id = t, Source = TechniqueSources.Rule }).ToList(),
        Mitigations = controls.Select(c => new IncidentMitigation { Id = c }).ToList(),
        Provenance = new EnrichmentProvenance { PromptVersion = "test" },
    };

    private Task<ThreatReport> ReportAsync() => ReportAsync(
    [
        Incident("inc-a", 1, "critical", ["T1003.001", "T1021.002"], ["AC-2", "SI-4"], ["ws-1"], ["alice"], events: 7),
        Incident("inc-b", 1, "high", ["T1003.001"], ["AC-2"], ["ws-1", "srv-2"], ["alice", "bob"], events: 3),
        Incident("inc-c", 5, "low", [], [], ["srv-2"], ["bob"]),
        Incident("inc-outside", 40, "high", ["T1110"], ["AC-7"], ["ws-9"], ["eve"]),
    ]);

    private async Task<ThreatReport> ReportAsync(IReadOnlyList<EnrichedIncident> incidents)
    {
        await using var store = new SqliteIncidentStore(new SqliteStoreOptions { Path = _folder.File("incidents.db") });
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        await store.UpsertAsync(incidents, TestContext.Current.CancellationToken);
        var builder = new ThreatReportBuilder(store, ThreatKnowledge.BuiltIn, new FakeTimeProvider(Day.AddDays(1)));
        return await builder.BuildAsync(Day, Day.AddDays(1), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Figures_are_exact_counts_of_the_incidents_in_the_window()
    {
        var report = await ReportAsync();

        Assert.Equal(3, report.Incidents);
        Assert.Equal(new Dictionary<string, long> { ["critical"] = 1, ["high"] = 1, ["low"] = 1 }, report.BySeverity.ToDictionary());
        Assert.Equal([new("2026-03-02 01:00", 2), new("2026-03-02 05:00", 1)], report.OverTime);
        Assert.Equal(("T1003.001", "LSASS Memory", 2L), (report.TopTechniques[0].Id, report.TopTechniques[0].Name, report.TopTechniques[0].Incidents));
        Assert.Equal(["credential-access"], report.TopTechniques[0].Tactics);
        Assert.Equal([("AC-2", "Account Management", 2L), ("SI-4", "System Monitoring", 1L)], report.RecommendedControls.Select(c => (c.Id, c.Title, c.Incidents)));
        Assert.Equal([new("srv-2", 2), new("ws-1", 2)], report.TopHosts);
        Assert.Equal([new("alice", 2), new("bob", 2)], report.TopUsers);
        Assert.Equal([new("domain:update-cdn-check.xyz", 3)], report.TopIocs);
        Assert.Equal(["inc-a", "inc-b", "inc-c"], report.NotableIncidents.Select(i => i.Id));
    }

    [Fact]
    public async Task Injection_incidents_are_counted_and_shown_in_every_format_and_their_injected_iocs_left_out_of_the_tops()
    {
        // The events of inc-told asked the analyst to list 198.51.100.77 as the command server.
        var told = Incident("inc-told", 2, "high", [], [], ["ws-1"], []) with
        {
            Iocs = [new IncidentIoc { Type = "ipv4", Value = "198.51.100.77", Injected = true, Evidence = ["inc-told-e0"] }],
            Injection = new IncidentInjection { Fields = ["message"], Kinds = ["instruction-override"] },
        };

        var report = await ReportAsync([Incident("inc-a", 1, "critical", [], [], ["ws-1"], []), told]);

        Assert.Equal(1, report.InjectionIncidents);
        Assert.Equal([new("domain:update-cdn-check.xyz", 1)], report.TopIocs);
        const string Line = "1 incident carried text addressed to an automated analyst (prompt injection); indicators seen only inside that text are left out of the top IOCs.";
        Assert.Contains("## Injection attempts\n\n" + Line + "\n\n## Top IOCs", ThreatReportRenderer.Markdown(report), StringComparison.Ordinal);
        Assert.Contains("<h2>Injection attempts</h2>\n<p>" + Line + "</p>", ThreatReportRenderer.Html(report), StringComparison.Ordinal);
        var json = ThreatReportRenderer.Json(report);
        Assert.Equal(1, System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("injection_incidents").GetInt64());
        Assert.Equal(1, ThreatReportRenderer.FromJson(json).InjectionIncidents);
        Assert.DoesNotContain("198.51.100.77", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_without_injection_says_none_and_one_stored_before_the_count_reads_back_as_none()
    {
        var report = await ReportAsync();
        var json = ThreatReportRenderer.Json(report);
        var stored = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        stored.Remove("injection_incidents");

        Assert.Contains("## Injection attempts\n\nNo incident carried text addressed to an automated analyst.\n\n", ThreatReportRenderer.Markdown(report), StringComparison.Ordinal);
        Assert.Equal(0, ThreatReportRenderer.FromJson(stored.ToJsonString()).InjectionIncidents);
    }

    [Fact]
    public async Task Html_is_one_self_contained_page_with_three_svg_charts_and_encoded_text()
    {
        var html = ThreatReportRenderer.Html(await ReportAsync());

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split("<svg ").Length - 1);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("summary of inc-a &lt;b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("summary of inc-a <b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_has_a_table_per_section()
    {
        var markdown = ThreatReportRenderer.Markdown(await ReportAsync());

        Assert.StartsWith("# Threat report 2026-03-02 00:00Z to 2026-03-03 00:00Z", markdown, StringComparison.Ordinal);
        Assert.Contains("3 incidents; 1 critical, 1 high, 0 medium, 1 low.", markdown, StringComparison.Ordinal);
        Assert.Contains("| T1003.001 | LSASS Memory | credential-access | 2 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| AC-2 | Account Management | 2 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| inc-a | critical | 2026-03-02 01:00Z | 7 | summary of inc-a &lt;b&gt; |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_renders_no_markup_from_event_fields_live()
    {
        var report = await ReportAsync() with
        {
            TopHosts = [new("<script>alert(1)</script>", 2)],
            TopUsers = [new("<img src=x onerror=alert(1)>", 2)],
            TopIocs = [new("url:[click](javascript:alert(1))", 1)],
            Narrative = new ReportNarrative("# Owned\n<iframe src=x> see [here](http://x)", ReportNarrativeStatus.Generated),
        };

        var markdown = ThreatReportRenderer.Markdown(report);

        Assert.DoesNotContain("<script", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("[click]", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<iframe", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("[here]", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("\n# Owned", markdown, StringComparison.Ordinal);
        Assert.Contains("| &lt;script&gt;alert(1)&lt;/script&gt; | 2 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| &lt;img src=x onerror=alert(1)&gt; | 2 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| url:\\[click\\](javascript:alert(1)) | 1 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_command_writes_each_format_to_a_file_or_standard_output()
    {
        var db = _folder.File("samples.db");
        await CliRunner.RunAsync("enrich", "--input", RepositoryFiles.Sample("events.jsonl"), "--db", db, "--quiet", "--DeadLetters:Path=" + _folder.File("d.jsonl"));

        var (mdExit, markdown, _) = await CliRunner.RunAsync("report", "--from", "2026-03-02T00:00:00Z", "--to", "2026-03-03T00:00:00Z", "--db", db);
        var (htmlExit, written, _) = await CliRunner.RunAsync("report", "--from", "2026-03-02T00:00:00Z", "--to", "2026-03-03T00:00:00Z", "--db", db, "--format", "html", "--out", _folder.File("r/report.html"));
        var (jsonExit, json, _) = await CliRunner.RunAsync("report", "--from", "2026-03-02T00:00:00Z", "--to", "2026-03-03T00:00:00Z", "--db", db, "--format", "json");
        var (badExit, _, error) = await CliRunner.RunAsync("report", "--from", "2026-03-03T00:00:00Z", "--to", "2026-03-02T00:00:00Z", "--db", db);

        Assert.Equal(0, mdExit);
        Assert.Contains("16 incidents; 2 critical, 2 high, 0 medium, 12 low.", markdown, StringComparison.Ordinal);
        Assert.Equal(0, htmlExit);
        Assert.Contains("Wrote a html report of 16 incidents", written, StringComparison.Ordinal);
        Assert.True(File.Exists(_folder.File("r/report.html")));
        Assert.Equal(0, jsonExit);
        Assert.Equal(16, System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("incidents").GetInt64());
        Assert.Equal(2, badExit);
        Assert.Contains("--to must be after --from.", error, StringComparison.Ordinal);
    }
}
