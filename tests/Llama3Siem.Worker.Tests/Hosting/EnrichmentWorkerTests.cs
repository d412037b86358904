namespace Llama3Siem.Worker.Tests.Hosting;

/// <summary>The hosted worker behind <c>run</c>, through the real command line, in-process.</summary>
public sealed class EnrichmentWorkerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_file_source_done_before_the_scheduler_has_started_stops_the_run_cleanly()
    {
        // An empty file is done at once, while the report scheduler is still setting up its job store; stopping
        // then used to cancel that set-up and crash the run with a misleading schema error.
        var empty = _folder.File("empty.jsonl");
        await File.WriteAllTextAsync(empty, string.Empty, TestContext.Current.CancellationToken);

        var (exitCode, _, error) = await CliRunner.RunAsync(
            "run",
            "--Api:Enabled=false",
            "--Source:File:Path=" + empty,
            "--Store:Sqlite:Path=" + _folder.File("incidents.db"),
            "--DeadLetters:Path=" + _folder.File("dead-letters.jsonl"),
            "--Reports:StorePath=" + _folder.File("reports.db"),
            "--Reports:OutputFolder=" + _folder.File("reports"),
            $"--Reports:JobStore:ConnectionString=Data Source={_folder.File("scheduler.db")}");

        Assert.Equal((0, string.Empty), (exitCode, error));
        // The scheduler did start: it stored the default schedules' triggers before the run stopped.
        Assert.Equal(["daily", "hourly"], Reports.StoredSchedulerState.TriggerNames(_folder.File("scheduler.db")));
    }
}
