using Llama3Siem.Sinks.Reports;

namespace Llama3Siem.Sinks.Tests.Reports;

/// <summary>
/// What every <see cref="IReportStore"/> must do, run against each implementation: the API, the chat and the
/// scheduler see the same reports and the same claims whether reports live in SQLite or in Elasticsearch.
/// </summary>
public abstract class ReportStoreBehaviour
{
    private static readonly DateTimeOffset Six = new(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// An initialised store; every call of one test gets another instance on the same, at first empty, storage
    /// (as several workers share it). Skips the test when the implementation cannot run here.
    /// </summary>
    protected abstract Task<IReportStore> OpenStoreAsync();

    private static StoredReport Report(string schedule, DateTimeOffset to, TimeSpan window, long incidents, string json = "{}", string narrative = "generated") =>
        new(new ReportSummary($"{schedule}-{to:yyyyMMdd'T'HHmm}Z", schedule, to - window, to, to.AddMilliseconds(42_123), "analyst", incidents, narrative), json);

    [Fact]
    public async Task A_report_reads_back_equal_with_its_json_text_unchanged()
    {
        var store = await OpenStoreAsync();
        const string json = """{"incidents":7,"narrative":{"text":"Ünïcode ✓ \"quoted\" \\ back\nslash"},"top":[1,2]}""";
        var report = Report("weekly", Six, TimeSpan.FromDays(7), 7, json, "rejected_numbers");

        var isNew = await store.UpsertAsync(report, Cancel);

        Assert.True(isNew);
        Assert.Equal(report, await store.GetAsync(report.Id, Cancel));
        Assert.Null(await store.GetAsync("weekly-20200101T0000Z", Cancel));
    }

    [Fact]
    public async Task Storing_a_window_again_replaces_it_and_says_it_was_not_new()
    {
        var store = await OpenStoreAsync();
        await store.UpsertAsync(Report("hourly", Six, TimeSpan.FromHours(1), 1), Cancel);

        var replaced = await store.UpsertAsync(Report("hourly", Six, TimeSpan.FromHours(1), 2, """{"second":true}"""), Cancel);

        Assert.False(replaced);
        var listed = Assert.Single(await store.ListAsync(10, 0, null, null, Cancel));
        Assert.Equal(2, listed.Incidents);
        Assert.Equal("""{"second":true}""", (await store.GetAsync(listed.Id, Cancel))!.Json);
    }

    [Fact]
    public async Task Lists_order_by_window_end_then_id_bound_the_end_as_after_from_up_to_to_and_page()
    {
        var store = await OpenStoreAsync();
        var daily = Report("daily", Six, TimeSpan.FromDays(1), 30);
        foreach (var report in new[]
        {
            Report("hourly", Six.AddHours(-1), TimeSpan.FromHours(1), 1), Report("hourly", Six, TimeSpan.FromHours(1), 2),
            Report("hourly", Six.AddHours(1), TimeSpan.FromHours(1), 3), daily, Report("adhoc", Six, TimeSpan.FromHours(6), 4),
        })
        {
            await store.UpsertAsync(report, Cancel);
        }

        var all = await store.ListAsync(100, 0, null, null, Cancel);
        var endingAtSix = await store.ListAsync(100, 0, Six.AddHours(-1), Six, Cancel);
        var afterSix = await store.ListAsync(100, 0, Six, null, Cancel);
        var untilFive = await store.ListAsync(100, 0, null, Six.AddHours(-1), Cancel);
        var secondPage = await store.ListAsync(2, 2, null, null, Cancel);
        var pastTheEnd = await store.ListAsync(10, 5, null, null, Cancel);

        Assert.Equal(["hourly-20260302T0700Z", "adhoc-20260302T0600Z", "daily-20260302T0600Z", "hourly-20260302T0600Z", "hourly-20260302T0500Z"], all.Select(r => r.Id));
        Assert.Equal(["adhoc-20260302T0600Z", "daily-20260302T0600Z", "hourly-20260302T0600Z"], endingAtSix.Select(r => r.Id));
        Assert.Equal(["hourly-20260302T0700Z"], afterSix.Select(r => r.Id));
        Assert.Equal(["hourly-20260302T0500Z"], untilFive.Select(r => r.Id));
        Assert.Equal(["daily-20260302T0600Z", "hourly-20260302T0600Z"], secondPage.Select(r => r.Id));
        Assert.Empty(pastTheEnd);
        Assert.Equal(daily.Summary, endingAtSix[1]);
    }

    [Fact]
    public async Task A_report_stored_by_one_worker_is_listed_and_read_by_another_at_once()
    {
        var writer = await OpenStoreAsync();
        var reader = await OpenStoreAsync();
        var report = Report("daily", Six, TimeSpan.FromDays(1), 5);

        await writer.UpsertAsync(report, Cancel);

        Assert.Equal([report.Summary], await reader.ListAsync(10, 0, null, null, Cancel));
        Assert.Equal(report, await reader.GetAsync(report.Id, Cancel));
    }

    [Fact]
    public async Task A_claim_holds_against_others_until_its_lease_ends_then_one_other_takes_it_over()
    {
        var a = await OpenStoreAsync();
        var b = await OpenStoreAsync();
        var c = await OpenStoreAsync();
        const string id = "hourly-20260302T0600Z";

        var aFirst = await a.TryClaimAsync(id, "a", Six, Lease, Cancel);
        var bWhileLive = await b.TryClaimAsync(id, "b", Six.Add(Lease), Lease, Cancel);
        var aAgainWhileLive = await a.TryClaimAsync(id, "a", Six.AddMinutes(1), Lease, Cancel);
        var bAfterLease = await b.TryClaimAsync(id, "b", Six.Add(Lease).AddMilliseconds(1), Lease, Cancel);
        var cAfterB = await c.TryClaimAsync(id, "c", Six.Add(Lease).AddMinutes(1), Lease, Cancel);
        var otherWindow = await c.TryClaimAsync("hourly-20260302T0700Z", "c", Six, Lease, Cancel);

        // The lease ends after expires_at, not at it: at Six + Lease the first claim still holds.
        Assert.Equal((true, false, false, true, false, true), (aFirst, bWhileLive, aAgainWhileLive, bAfterLease, cAfterB, otherWindow));
    }

    [Fact]
    public async Task A_claim_released_by_its_holder_is_taken_at_once_and_one_released_by_anyone_else_still_holds()
    {
        var a = await OpenStoreAsync();
        var b = await OpenStoreAsync();
        const string id = "daily-20260302T0600Z";
        var oneMinuteLater = Six.AddMinutes(1);

        await a.TryClaimAsync(id, "a", Six, Lease, Cancel);
        await b.ReleaseClaimAsync(id, "b", Cancel);
        var bAfterItsOwnRelease = await b.TryClaimAsync(id, "b", oneMinuteLater, Lease, Cancel);
        await a.ReleaseClaimAsync(id, "a", Cancel);
        var bAfterTheHoldersRelease = await b.TryClaimAsync(id, "b", oneMinuteLater, Lease, Cancel);
        var aAfterBTookIt = await a.TryClaimAsync(id, "a", oneMinuteLater.AddSeconds(1), Lease, Cancel);
        await a.ReleaseClaimAsync("daily-20260303T0600Z", "a", Cancel);
        var neverClaimed = await a.TryClaimAsync("daily-20260303T0600Z", "a", Six, Lease, Cancel);

        Assert.Equal((false, true, false, true), (bAfterItsOwnRelease, bAfterTheHoldersRelease, aAfterBTookIt, neverClaimed));
    }

    [Fact]
    public async Task A_stored_report_is_never_claimed_whether_or_not_it_was_claimed_first()
    {
        var store = await OpenStoreAsync();
        var other = await OpenStoreAsync();
        var claimedThenStored = Report("daily", Six, TimeSpan.FromDays(1), 1);
        var storedWithoutClaim = Report("daily", Six.AddDays(1), TimeSpan.FromDays(1), 1);
        await store.TryClaimAsync(claimedThenStored.Id, "a", Six, Lease, Cancel);
        await store.UpsertAsync(claimedThenStored, Cancel);
        await store.UpsertAsync(storedWithoutClaim, Cancel);

        var afterLease = await other.TryClaimAsync(claimedThenStored.Id, "b", Six.AddDays(1), Lease, Cancel);
        var unclaimed = await other.TryClaimAsync(storedWithoutClaim.Id, "b", Six, Lease, Cancel);

        Assert.Equal((false, false), (afterLease, unclaimed));
    }

    [Fact]
    public async Task Of_workers_claiming_one_window_at_once_exactly_one_wins_and_again_when_its_lease_has_ended()
    {
        var workers = new List<IReportStore>();
        for (var i = 0; i < 4; i++)
        {
            workers.Add(await OpenStoreAsync());
        }

        var first = await Task.WhenAll(workers.Select((w, i) => w.TryClaimAsync("daily-20260302T0600Z", $"w{i}", Six, Lease, Cancel)));
        var takeover = await Task.WhenAll(workers.Select((w, i) => w.TryClaimAsync("daily-20260302T0600Z", $"w{i}", Six.AddHours(1), Lease, Cancel)));

        Assert.Single(first, won => won);
        Assert.Single(takeover, won => won);
    }

    [Fact]
    public async Task Reports_without_an_id_or_a_window_and_pages_out_of_bounds_are_refused()
    {
        var store = await OpenStoreAsync();
        var valid = Report("daily", Six, TimeSpan.FromDays(1), 1);

        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync(valid with { Summary = valid.Summary with { Id = " " } }, Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync(Report("daily", Six, TimeSpan.FromHours(-1), 1), Cancel));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(0, 0, null, null, Cancel));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(SqliteReportStore.MaxLimit + 1, 0, null, null, Cancel));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(10, -1, null, null, Cancel));
        Assert.Empty(await store.ListAsync(SqliteReportStore.MaxLimit, 0, null, null, Cancel));
    }
}
