namespace Llama3Siem.Worker.Tests.Reports;

/// <summary>
/// A daily schedule due a few seconds from now, stored by a worker that stops before it is due; a second worker
/// starts after the fire time has passed by more than the misfire threshold. The same steps on any job store.
/// </summary>
internal sealed class MissedFire
{
    public MissedFire()
    {
        // Six seconds leave a loaded CI machine time to start and stop the first worker before the fire is due.
        (Due, DailyCron) = ScheduleTiming.DailyFireIn(6);
    }

    /// <summary>The fire time no worker is running for.</summary>
    public DateTimeOffset Due { get; }

    /// <summary>A Quartz cron that fires once a day at <see cref="Due"/>.</summary>
    public string DailyCron { get; }

    /// <summary>
    /// Runs "first" until it has stored the schedule, waits past <see cref="Due"/>, then runs "second" for 3 s and
    /// returns it stopped (its stores still readable; the caller disposes it).
    /// </summary>
    public async Task<ReportWorker> MakeUpAsync(Func<string, ReportWorker> worker, IReadOnlyCollection<JobExecution> executions)
    {
        await using (var first = worker("first"))
        {
            await first.StartAsync();
            await first.StopAsync();
        }

        Assert.True(DateTimeOffset.UtcNow < Due, "the first worker ran past the fire time; the test proves nothing");
        Assert.Empty(executions);
        await Task.Delay(Due - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2.5), TestContext.Current.CancellationToken);

        var second = worker("second");
        await second.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        await second.StopAsync();
        return second;
    }
}
