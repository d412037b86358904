namespace Llama3Siem.Worker.Tests.Cli;

/// <summary>
/// One-shot commands against an Elasticsearch that is down or half-working: exit 1 with one line naming the store and
/// its last error, never an unhandled exception or a stack trace.
/// </summary>
public sealed class StoreOutageCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Commands => new() { "enrich", "incidents", "report" };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_command_against_an_unreachable_store_exits_1_naming_the_store_and_the_refused_endpoint(string command)
    {
        // Port 9 (discard) has no listener on the test machines: the connection is refused at once.
        var (exitCode, _, error) = await RunAsync(command, new Uri("http://127.0.0.1:9"));

        AssertOneClearLine(exitCode, error, "127.0.0.1:9");
    }

    [Theory]
    [InlineData(503, """{"error":{"type":"unavailable_shards_exception"},"status":503}""", "503")]
    [InlineData(200, "<html>not elasticsearch</html>", "not JSON")]
    [InlineData(200, """{"truncated": """, "not JSON")]
    public async Task Enrich_against_an_endpoint_that_fails_or_answers_garbage_exits_1_without_a_stack_trace(int status, string body, string named)
    {
        await using var endpoint = new CannedHttpEndpoint(status, body);

        var (exitCode, _, error) = await RunAsync("enrich", endpoint.Url);

        AssertOneClearLine(exitCode, error, named);
        Assert.True(endpoint.Requests > 0);
    }

    private static void AssertOneClearLine(int exitCode, string error, string named)
    {
        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("could not be used", StringComparison.Ordinal));
        Assert.Contains("Elasticsearch", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(string command, Uri store)
    {
        var input = _folder.File("events.jsonl");
        File.WriteAllText(input, """{"EventID":4625,"Channel":"Security","Hostname":"DC-01","TimeCreated":"2026-03-01T09:00:00Z","TargetUserName":"administrator"}""" + "\n");
        string[] settings =
        [
            "--Store:Kind=elasticsearch", $"--Elasticsearch:Url={store}", "--Elasticsearch:MaxRetries=1",
            "--Elasticsearch:RetryBaseDelay=00:00:00.010", "--Elasticsearch:RequestTimeout=00:00:05",
            $"--DeadLetters:Path={_folder.File("dead.jsonl")}",
        ];
        string[] args = command switch
        {
            "enrich" => ["enrich", "--input", input, .. settings],
            "incidents" => ["incidents", .. settings],
            _ => ["report", "--from", "2026-03-01T00:00:00Z", "--to", "2026-03-02T00:00:00Z", .. settings],
        };
        return CliRunner.RunAsync(args);
    }
}
