using Llama3Siem.Sinks.DeadLetters;

namespace Llama3Siem.Worker.Tests.Cli;

/// <summary><c>enrich</c>'s outcome: a run with nothing usable fails, and its dead letters sit beside its database.</summary>
public sealed class EnrichCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_run_whose_every_record_is_dead_lettered_fails_and_says_how_many()
    {
        var input = _folder.File("bad.jsonl");
        await File.WriteAllLinesAsync(input, ["[1,2,3]", "{\"count\": 3}", "{\"message\": \"cut off"], TestContext.Current.CancellationToken);

        var (exitCode, output, error) = await CliRunner.RunAsync("enrich", "--input", input, "--db", _folder.File("x.db"), "--quiet");

        Assert.Equal(1, exitCode);
        Assert.Matches(@"dead-lettered\s+3", output);
        Assert.Contains("Every record (3) was dead-lettered", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dead_letters_follow_the_database_folder_unless_their_path_is_set()
    {
        var input = _folder.File("mixed.jsonl");
        await File.WriteAllLinesAsync(input,
            ["{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"host\":{\"name\":\"ws-1\"},\"message\":\"logon\"}", "[1,2,3]"],
            TestContext.Current.CancellationToken);
        var runFolder = Directory.CreateDirectory(_folder.File("run")).FullName;
        var explicitPath = _folder.File("elsewhere.jsonl");

        var (beside, _, besideError) = await CliRunner.RunAsync("enrich", "--input", input, "--db", Path.Combine(runFolder, "a.db"), "--quiet");
        var (set, _, setError) = await CliRunner.RunAsync(
            "enrich", "--input", input, "--db", Path.Combine(runFolder, "b.db"), "--quiet", "--DeadLetters:Path=" + explicitPath);

        Assert.True(beside == 0, besideError);
        Assert.True(set == 0, setError);
        Assert.Single(JsonlFileDeadLetterSink.ReadAll(Path.Combine(runFolder, "dead-letters.jsonl")));
        Assert.Single(JsonlFileDeadLetterSink.ReadAll(explicitPath));
    }
}
