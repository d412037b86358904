using System.Text;
using System.Text.Json;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Sinks.DeadLetters;

namespace Llama3Siem.Worker.Tests.Pipeline;

/// <summary>file -> pipeline -> SQLite without a model, through the real command line.</summary>
public sealed class DeterministicEnrichmentTests : IDisposable
{
    private static readonly string[] GoodLines =
    [
        """{"@timestamp":"2026-03-01T09:00:00Z","event":{"id":"ecs-1","action":"process-started","code":"1"},"host":{"name":"WS-FIN-07"},"user":{"name":"alice"},"process":{"name":"rundll32.exe","executable":"C:\\Windows\\System32\\rundll32.exe","command_line":"rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Users\\Public\\l.dmp full"},"message":"Process Create"}""",
        """{"EventID":5140,"Channel":"Security","Hostname":"SRV-FS01","TimeCreated":"2026-03-01 09:03:00.000","SubjectUserName":"alice","ShareName":"\\\\*\\ADMIN$","IpAddress":"10.20.1.7","Message":"A network share object was accessed."}""",
        """{"timestamp":"2026-03-01T09:05:00.000000+0000","event_type":"alert","src_ip":"10.20.1.7","src_port":51512,"dest_ip":"45.77.12.9","dest_port":443,"proto":"TCP","alert":{"signature":"ET MALWARE Cobalt Strike Beacon Observed","signature_id":2027000,"category":"A Network Trojan was detected","severity":1},"tls":{"sni":"update-cdn-check.xyz"}}""",
        """{"eventVersion":"1.08","eventTime":"2026-03-01T11:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"45.77.12.9","userAgent":"aws-cli/2.15.0","eventID":"3f1c2a9e-1111-4c2b-9d7e-0a1b2c3d4e5f","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::123456789123:assumed-role/web-role/i-0abc","principalId":"AROAEXAMPLE:i-0abc"},"requestParameters":{"bucketName":"finance-exports","key":"q1.csv"}}""",
        """{"message":"backup job finished on SRV-FS01","timestamp":"2026-03-01T13:00:00Z"}""",
    ];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Malformed_records_are_dead_lettered_with_reasons_and_line_numbers_and_nothing_else_is_lost()
    {
        var input = _folder.File("events.jsonl");
        await using (var file = File.Create(input))
        {
            WriteLine(file, GoodLines[0]);                                   // 1
            WriteLine(file, "this is not json");                             // 2
            WriteLine(file, GoodLines[1]);                                   // 3
            WriteLine(file, [.. "{\"message\":\"caf"u8, 0xC3, 0x28, .. "\"}"u8]); // 4: invalid UTF-8
            WriteLine(file, "[1,2,3]");                                      // 5
            WriteLine(file, GoodLines[2]);                                   // 6
            WriteLine(file, "{}");                                           // 7
            WriteLine(file, "{\"message\":\"" + new string('A', 1_100_000) + "\"}"); // 8: field over 1 MiB
            WriteLine(file, GoodLines[3]);                                   // 9
            WriteLine(file, "{\"message\": \"unterminated");                 // 10
            WriteLine(file, GoodLines[4]);                                   // 11
        }

        var db = _folder.File("incidents.db");
        var deadLetters = _folder.File("dead.jsonl");
        var (exitCode, output, error) = await CliRunner.RunAsync("enrich", "--input", input, "--db", db, "--DeadLetters:Path=" + deadLetters);

        Assert.True(exitCode == 0, error);
        Assert.Matches(@"records\s+11", output);
        Assert.Matches(@"events\s+5", output);
        Assert.Matches(@"dead-lettered\s+6", output);

        var letters = JsonlFileDeadLetterSink.ReadAll(deadLetters);
        Assert.Equal([2L, 4L, 5L, 7L, 8L, 10L], letters.Select(l => l.Line!.Value));
        Assert.All(letters, l => Assert.False(string.IsNullOrWhiteSpace(l.Reason)));
        Assert.Contains("UTF-8", letters.Single(l => l.Line == 4).Reason, StringComparison.Ordinal);
        Assert.Contains("1048576", letters.Single(l => l.Line == 8).Reason, StringComparison.Ordinal);
        Assert.Equal("[1,2,3]", Encoding.UTF8.GetString(Convert.FromBase64String(letters.Single(l => l.Line == 5).OriginalBase64)));
        Assert.All(letters, l => Assert.DoesNotContain("AAAA", l.Reason, StringComparison.Ordinal));

        // Every good event is in exactly one stored incident.
        var expectedIds = GoodLines.Select(l => new EventParser().Parse(Encoding.UTF8.GetBytes(l)).Event!.Id).Order().ToList();
        var incidents = await ListJsonAsync(db);
        var storedIds = incidents.SelectMany(i => i.GetProperty("events").EnumerateArray().Select(e => e.GetString()!)).Order().ToList();
        Assert.Equal(expectedIds, storedIds);
    }

    [Fact]
    public async Task Incidents_json_has_the_documented_fields_and_types_named_as_the_extractor_names_them()
    {
        var input = _folder.File("events.jsonl");
        await File.WriteAllLinesAsync(input, GoodLines, TestContext.Current.CancellationToken);
        var db = _folder.File("incidents.db");

        var (exitCode, _, error) = await CliRunner.RunAsync("enrich", "--input", input, "--db", db, "--DeadLetters:Path=" + _folder.File("dead.jsonl"));
        Assert.True(exitCode == 0, error);

        var incidents = await ListJsonAsync(db);
        Assert.NotEmpty(incidents);
        var iocTypes = new HashSet<string> { "ipv4", "ipv6", "domain", "url", "email", "md5", "sha1", "sha256", "cve" };
        foreach (var incident in incidents)
        {
            Assert.StartsWith("inc-", incident.GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.Contains(incident.GetProperty("severity").GetString(), new[] { "low", "medium", "high", "critical" });
            Assert.False(string.IsNullOrWhiteSpace(incident.GetProperty("summary").GetString()));
            Assert.Equal("not_generated", incident.GetProperty("narrative_status").GetString());
            Assert.NotEqual(0, incident.GetProperty("events").GetArrayLength());
            foreach (var ioc in incident.GetProperty("iocs").EnumerateArray())
            {
                Assert.Contains(ioc.GetProperty("type").GetString()!, iocTypes);
                Assert.False(string.IsNullOrEmpty(ioc.GetProperty("value").GetString()));
                Assert.NotEqual(0, ioc.GetProperty("evidence").GetArrayLength());
            }

            Assert.All(incident.GetProperty("techniques").EnumerateArray(), t => Assert.Matches(@"^T\d{4}(\.\d{3})?$", t.GetProperty("id").GetString()));
            Assert.All(incident.GetProperty("mitigations").EnumerateArray(), m => Assert.Matches(@"^[A-Z]{2}-\d+$", m.GetProperty("id").GetString()));
        }

        var attack = incidents.Single(i => i.GetProperty("techniques").EnumerateArray().Any(t => t.GetProperty("id").GetString() == "T1003.001"));
        Assert.Equal("critical", attack.GetProperty("severity").GetString());
        Assert.Contains(attack.GetProperty("iocs").EnumerateArray(), i => i.GetProperty("value").GetString() == "update-cdn-check.xyz");
        Assert.NotEqual(0, attack.GetProperty("mitigations").GetArrayLength());
    }

    [Fact]
    public async Task A_second_run_of_the_same_input_changes_nothing_in_the_store()
    {
        var input = _folder.File("events.jsonl");
        await File.WriteAllLinesAsync(input, GoodLines, TestContext.Current.CancellationToken);
        var db = _folder.File("incidents.db");
        string[] args = ["enrich", "--input", input, "--db", db, "--DeadLetters:Path=" + _folder.File("dead.jsonl")];

        var first = await CliRunner.RunAsync(args);
        var before = await ListJsonTextAsync(db);
        var second = await CliRunner.RunAsync(args);
        var after = await ListJsonTextAsync(db);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Matches(@"\(new [1-9]\d*, updated 0, unchanged 0\)", first.Output);
        Assert.Matches(@"\(new 0, updated 0, unchanged [1-9]\d*\)", second.Output);
        Assert.Equal(before, after);
    }

    private static void WriteLine(Stream file, string line) => WriteLine(file, Encoding.UTF8.GetBytes(line));

    private static void WriteLine(Stream file, ReadOnlySpan<byte> line)
    {
        file.Write(line);
        file.WriteByte((byte)'\n');
    }

    private static async Task<string> ListJsonTextAsync(string db)
    {
        var (exitCode, output, error) = await CliRunner.RunAsync("incidents", "--db", db, "--json", "--limit", "1000");
        Assert.True(exitCode == 0, error);
        return output;
    }

    private static async Task<List<JsonElement>> ListJsonAsync(string db) =>
        (await ListJsonTextAsync(db)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
