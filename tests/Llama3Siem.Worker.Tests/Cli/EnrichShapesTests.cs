namespace Llama3Siem.Worker.Tests.Cli;

/// <summary>
/// The shipped raw Windows JSON, syslog and CEF samples through the real <c>enrich</c> command: bare
/// non-JSON lines reach the parser as they are, and every record is stored, none dead-lettered.
/// </summary>
public sealed class EnrichShapesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("windows-raw.jsonl")]
    [InlineData("syslog.log")]
    [InlineData("cef.log")]
    [InlineData("syslog-cef-wrapped.jsonl")]
    public async Task Enrich_stores_incidents_from_every_shipped_shape_and_dead_letters_nothing(string sample)
    {
        var db = _folder.File("incidents.db");
        var deadLetters = _folder.File("dead.jsonl");

        var (enriched, _, enrichError) = await CliRunner.RunAsync(
            "enrich", "--input", RepositoryFiles.Sample(sample), "--db", db, "--quiet", "--DeadLetters:Path=" + deadLetters);
        var (listed, output, listError) = await CliRunner.RunAsync("incidents", "--db", db, "--json");

        Assert.True(enriched == 0, enrichError);
        Assert.True(listed == 0, listError);
        Assert.NotEmpty(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(!File.Exists(deadLetters) || new FileInfo(deadLetters).Length == 0, "a record was dead-lettered");
    }
}
