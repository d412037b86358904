namespace Llama3Siem.Sinks.Reports;

/// <summary>
/// Where produced threat reports are kept and read back (the HTTP API's <c>GET /api/reports</c>, the chat).
/// A report's id is derived from its schedule and window, so storing the same window twice keeps one report.
/// </summary>
public interface IReportStore
{
    /// <summary>Creates the store's tables when missing. Safe to call more than once, from several processes.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims the production of report <paramref name="id"/> for <paramref name="owner"/>: true when no one
    /// holds it, or the holder's lease ran out before it stored the report. Workers that cannot rely on their
    /// scheduler to fire once (Quartz on SQLite is not clustered) call this before producing.
    /// </summary>
    Task<bool> TryClaimAsync(string id, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Gives up <paramref name="owner"/>'s claim on report <paramref name="id"/> after it failed to produce it,
    /// so that a retry, on any worker, may claim it at once instead of waiting out the lease. A claim held by
    /// someone else, or none, is left as it is.
    /// </summary>
    Task ReleaseClaimAsync(string id, string owner, CancellationToken cancellationToken);

    /// <summary>Inserts the report, or replaces the one with the same id. Returns true when it was new.</summary>
    Task<bool> UpsertAsync(StoredReport report, CancellationToken cancellationToken);

    /// <summary>The report with this id, or null.</summary>
    Task<StoredReport?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Summaries of the reports whose window ends in (<paramref name="from"/>, <paramref name="to"/>] (either
    /// bound optional), newest window first, then by id.
    /// </summary>
    Task<IReadOnlyList<ReportSummary>> ListAsync(int limit, int offset, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken);
}
