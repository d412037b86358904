using Llama3Siem.Sinks.Reports;
using Llama3Siem.Sinks.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Llama3Siem.Sinks.Tests.Reports;

/// <summary>Reports round-trip through their own SQLite file; the id is the unit of idempotency.</summary>
public sealed class SqliteReportStoreTests : IDisposable
{
    private static readonly DateTimeOffset Six = new(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static StoredReport Report(string schedule, DateTimeOffset to, TimeSpan window, long incidents, string json = "{}") =>
        new(new ReportSummary($"{schedule}-{to:yyyyMMdd'T'HHmm}Z", schedule, to - window, to, to.AddMinutes(1), "executive", incidents, "not_generated"), json);

    private async Task<SqliteReportStore> StoreAsync()
    {
        var store = new SqliteReportStore(_folder.File("nested", "reports.db"));
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    [Fact]
    public async Task A_stored_report_reads_back_with_its_summary_and_document()
    {
        var store = await StoreAsync();
        var report = Report("daily", Six, TimeSpan.FromDays(1), 16, """{"incidents":16,"summary":"é ✓"}""");

        var isNew = await store.UpsertAsync(report, TestContext.Current.CancellationToken);
        var read = await store.GetAsync(report.Id, TestContext.Current.CancellationToken);

        Assert.True(isNew);
        Assert.Equal(report, read);
        Assert.Null(await store.GetAsync("daily-19990101T0000Z", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_same_window_stored_twice_is_one_report_holding_the_later_version()
    {
        var store = await StoreAsync();
        await store.UpsertAsync(Report("daily", Six, TimeSpan.FromDays(1), 3), TestContext.Current.CancellationToken);

        var isNew = await store.UpsertAsync(Report("daily", Six, TimeSpan.FromDays(1), 4, """{"v":2}"""), TestContext.Current.CancellationToken);
        var all = await store.ListAsync(100, 0, null, null, TestContext.Current.CancellationToken);

        Assert.False(isNew);
        var only = Assert.Single(all);
        Assert.Equal(4, only.Incidents);
        Assert.Equal("""{"v":2}""", (await store.GetAsync(only.Id, TestContext.Current.CancellationToken))!.Json);
    }

    [Fact]
    public async Task Lists_are_newest_window_first_filtered_by_window_end_and_paged()
    {
        var store = await StoreAsync();
        foreach (var hour in Enumerable.Range(0, 5))
        {
            await store.UpsertAsync(Report("hourly", Six.AddHours(hour), TimeSpan.FromHours(1), hour), TestContext.Current.CancellationToken);
        }

        await store.UpsertAsync(Report("daily", Six, TimeSpan.FromDays(1), 9), TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;

        var all = await store.ListAsync(100, 0, null, null, ct);
        var page = await store.ListAsync(2, 1, null, null, ct);
        var window = await store.ListAsync(100, 0, Six, Six.AddHours(2), ct);

        Assert.Equal(["hourly-20260302T1000Z", "hourly-20260302T0900Z", "hourly-20260302T0800Z", "hourly-20260302T0700Z", "daily-20260302T0600Z", "hourly-20260302T0600Z"], all.Select(r => r.Id));
        Assert.Equal(["hourly-20260302T0900Z", "hourly-20260302T0800Z"], page.Select(r => r.Id));
        Assert.Equal(["hourly-20260302T0800Z", "hourly-20260302T0700Z"], window.Select(r => r.Id));
        Assert.Equal(Six, window[1].From);
    }

    [Fact]
    public async Task Two_stores_on_one_file_see_each_others_reports()
    {
        var first = await StoreAsync();
        var second = await StoreAsync();

        await first.UpsertAsync(Report("daily", Six, TimeSpan.FromDays(1), 1), TestContext.Current.CancellationToken);
        await second.UpsertAsync(Report("daily", Six, TimeSpan.FromDays(1), 2), TestContext.Current.CancellationToken);

        Assert.Equal(2, Assert.Single(await first.ListAsync(10, 0, null, null, TestContext.Current.CancellationToken)).Incidents);
    }

    [Fact]
    public async Task One_claimant_wins_a_window_until_its_lease_runs_out_and_a_stored_report_is_never_claimed_again()
    {
        var first = await StoreAsync();
        var second = await StoreAsync();
        var ct = TestContext.Current.CancellationToken;
        var lease = TimeSpan.FromMinutes(15);

        var firstWins = await first.TryClaimAsync("daily-20260302T0600Z", "a", Six, lease, ct);
        var secondLoses = await second.TryClaimAsync("daily-20260302T0600Z", "b", Six.AddMinutes(1), lease, ct);
        var secondTakesOver = await second.TryClaimAsync("daily-20260302T0600Z", "b", Six.AddMinutes(16), lease, ct);
        await second.UpsertAsync(Report("daily", Six, TimeSpan.FromDays(1), 1), ct);
        var afterStored = await first.TryClaimAsync("daily-20260302T0600Z", "a", Six.AddHours(2), lease, ct);
        var otherWindow = await second.TryClaimAsync("daily-20260303T0600Z", "b", Six.AddMinutes(1), lease, ct);

        Assert.Equal((true, false, true, false, true), (firstWins, secondLoses, secondTakesOver, afterStored, otherWindow));
    }

    [Fact]
    public async Task A_report_without_an_id_or_with_an_empty_window_is_refused()
    {
        var store = await StoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync(Report("daily", Six, TimeSpan.Zero, 1), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(0, 0, null, null, TestContext.Current.CancellationToken));
    }
}
