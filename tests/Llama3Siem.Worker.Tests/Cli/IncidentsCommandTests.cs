using System.Text.Json;
using Llama3Siem.Prompts.Enrichment;

namespace Llama3Siem.Worker.Tests.Cli;

/// <summary>Reading the store back through <c>incidents</c>: by id, text, severity and time range.</summary>
public sealed class IncidentsCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<string> EnrichSamplesAsync()
    {
        var db = _folder.File("incidents.db");
        var (exitCode, _, error) = await CliRunner.RunAsync(
            "enrich", "--input", RepositoryFiles.Sample("events.jsonl"), "--db", db, "--quiet", "--DeadLetters:Path=" + _folder.File("dead.jsonl"));
        Assert.True(exitCode == 0, error);
        return db;
    }

    private static async Task<List<JsonElement>> QueryAsync(string db, params string[] filters)
    {
        var (exitCode, output, error) = await CliRunner.RunAsync(["incidents", "--db", db, "--json", .. filters]);
        Assert.True(exitCode == 0, error);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    [Fact]
    public async Task Filters_by_text_severity_time_and_id_return_the_matching_incidents()
    {
        var db = await EnrichSamplesAsync();
        var all = await QueryAsync(db, "--limit", "1000");

        var byDomain = await QueryAsync(db, "--query", "update-cdn-check.xyz");
        Assert.NotEmpty(byDomain);
        Assert.All(byDomain, i => Assert.Contains(i.GetProperty("iocs").EnumerateArray(), ioc => ioc.GetProperty("value").GetString()!.Contains("update-cdn-check.xyz", StringComparison.Ordinal)));

        var critical = await QueryAsync(db, "--severity", "critical");
        Assert.Equal(all.Count(i => i.GetProperty("severity").GetString() == "critical"), critical.Count);

        var late = await QueryAsync(db, "--from", "2026-03-02T10:00:00Z", "--limit", "1000");
        Assert.Equal(all.Count(i => i.GetProperty("last_seen").GetDateTimeOffset() >= DateTimeOffset.Parse("2026-03-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture)), late.Count);
        Assert.NotEmpty(late);
        Assert.True(late.Count < all.Count);

        var id = all[0].GetProperty("id").GetString()!;
        Assert.Equal(id, Assert.Single(await QueryAsync(db, "--id", id)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_table_lists_each_incident_with_its_summary()
    {
        var db = await EnrichSamplesAsync();

        var (exitCode, output, _) = await CliRunner.RunAsync("incidents", "--db", db, "--severity", "critical");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("id ", output, StringComparison.Ordinal);
        Assert.Contains("critical", output, StringComparison.Ordinal);
        Assert.Contains("T1003.001", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--severity", "severe", "--severity must be low, medium, high or critical")]
    [InlineData("--limit", "0", "--limit must be a number from 1 to 1000")]
    [InlineData("--from", "yesterday", "--from must be a date and time")]
    public async Task Bad_filters_are_usage_errors(string option, string value, string expected)
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("incidents", "--db", _folder.File("x.db"), option, value);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_incident_by_id_shows_its_injection_and_marks_the_iocs_seen_only_inside_it()
    {
        var db = _folder.File("told.db");
        var told = Llama3Siem.Worker.Tests.Chat.ChatTestIncidents.Incident(
            "told", 9, "high", "Logon to ws-12 followed by a connection to 203.0.113.5",
            hosts: ["ws-12"], users: ["j.doe"], iocs: [("ipv4", "203.0.113.5")], techniques: [], controls: []);
        told = told with
        {
            Iocs = [.. told.Iocs, new IncidentIoc { Type = "ipv4", Value = "198.51.100.77", Injected = true, Evidence = [told.Events[1]] }],
            Injection = new IncidentInjection { Fields = ["message", "user.name"], Kinds = ["instruction-override"] },
        };
        await (await Llama3Siem.Worker.Tests.Chat.ChatTestIncidents.SeedAsync(db, [told])).DisposeAsync();

        var (exitCode, output, error) = await CliRunner.RunAsync("incidents", "--db", db, "--id", told.Id);
        var json = Assert.Single(await QueryAsync(db, "--id", told.Id));

        Assert.True(exitCode == 0, error);
        Assert.Contains("injection: text addressed to an automated analyst in message, user.name (instruction-override)", output, StringComparison.Ordinal);
        Assert.Contains("  ipv4     203.0.113.5\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  ipv4     198.51.100.77  [only inside injection text: not evidence, do not block]", output, StringComparison.Ordinal);
        Assert.Contains("     2     1  -", output, StringComparison.Ordinal);
        Assert.True(json.GetProperty("injection").GetProperty("detected").GetBoolean());
        Assert.True(json.GetProperty("iocs")[1].GetProperty("injected").GetBoolean());
        Assert.False(json.GetProperty("iocs")[0].TryGetProperty("injected", out _));
    }

    [Fact]
    public async Task An_unknown_id_is_a_failure_with_a_message()
    {
        var db = await EnrichSamplesAsync();

        var (exitCode, _, error) = await CliRunner.RunAsync("incidents", "--db", db, "--id", "inc-000000000000000000000000");

        Assert.Equal(1, exitCode);
        Assert.Contains("No incident with id 'inc-000000000000000000000000'.", error, StringComparison.Ordinal);
    }
}
