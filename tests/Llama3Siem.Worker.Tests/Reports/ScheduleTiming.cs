using System.Globalization;

namespace Llama3Siem.Worker.Tests.Reports;

/// <summary>Near-future fires and waits for the scheduler tests.</summary>
internal static class ScheduleTiming
{
    /// <summary>A fire time <paramref name="seconds"/> from now (whole seconds, UTC) and a daily Quartz cron that fires at it.</summary>
    public static (DateTimeOffset Due, string Cron) DailyFireIn(int seconds)
    {
        var soon = DateTimeOffset.UtcNow.AddSeconds(seconds);
        var due = new DateTimeOffset(soon.Year, soon.Month, soon.Day, soon.Hour, soon.Minute, soon.Second, TimeSpan.Zero);
        return (due, $"{due.Second} {due.Minute} {due.Hour} * * ?");
    }

    /// <summary>The documented report id: minutes only for a window ending on the minute, seconds otherwise.</summary>
    public static string ExpectedId(string schedule, DateTimeOffset to) =>
        $"{schedule}-{to.UtcDateTime.ToString(to.Second == 0 ? "yyyyMMdd'T'HHmm'Z'" : "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";

    /// <summary>Polls <paramref name="condition"/> every 100 ms; fails the test when it has not held within <paramref name="timeout"/>.</summary>
    public static Task WaitForAsync(Func<bool> condition, TimeSpan timeout) => WaitForAsync(() => Task.FromResult(condition()), timeout);

    /// <summary>The same for a condition that must read something (a database) to be answered.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"the condition did not hold within {timeout}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
