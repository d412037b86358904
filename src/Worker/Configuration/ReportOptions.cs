namespace Llama3Siem.Worker.Configuration;

/// <summary>Scheduled threat reports. Section <c>Reports</c>.</summary>
public sealed class ReportOptions
{
    public const string SectionName = "Reports";

    /// <summary>Runs the report scheduler in the worker. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where rendered reports are written as <c>&lt;schedule&gt;-&lt;yyyyMMddTHHmmZ&gt;.&lt;ext&gt;</c>. Default <c>.data/reports</c>.</summary>
    public string OutputFolder { get; set; } = ".data/reports";

    /// <summary>The report store's SQLite file (table <c>reports</c>). Default <c>.data/reports.db</c>.</summary>
    public string StorePath { get; set; } = ".data/reports.db";

    /// <summary>
    /// Schedules by name. When the section names none, <see cref="DefaultSchedules"/> apply: <c>daily</c> at
    /// 06:00 UTC over 24 hours for executives (md, html) and <c>hourly</c> at minute 5 over one hour for
    /// analysts (json). A schedule is switched off with <c>Reports:Schedules:&lt;name&gt;:Enabled=false</c>.
    /// </summary>
    public Dictionary<string, ReportScheduleOptions> Schedules { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public ReportJobStoreOptions JobStore { get; set; } = new();

    /// <summary>
    /// A fire later than this after its time counts as missed and is made up once (Quartz's misfire
    /// threshold). Default 1 minute.
    /// </summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after a failed production (the store or the model unreachable, say) the report is tried again,
    /// doubled for each further attempt. Default 1 minute.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many times a failed report is tried again before it is given up (logged as an error). Default 5:
    /// with the default delay, the last try is 31 minutes after the fire. 0 switches retries off.
    /// </summary>
    public int RetryAttempts { get; set; } = 5;

    /// <summary>
    /// How long a worker's claim on a window holds before another worker may produce that window instead. It
    /// must outlast the slowest production (a narrative on a CPU-only model included). A worker that dies while
    /// producing is replaced by its rescue trigger <see cref="RetryDelay"/> after the lease ends. Default 15 minutes.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(15);

    public static Dictionary<string, ReportScheduleOptions> DefaultSchedules() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["daily"] = new ReportScheduleOptions
        {
            Cron = "0 0 6 * * ?",
            Window = TimeSpan.FromDays(1),
            Audience = ReportAudiences.Executive,
            Formats = [ReportFormats.Markdown, ReportFormats.Html],
        },
        ["hourly"] = new ReportScheduleOptions
        {
            Cron = "0 5 * * * ?",
            Window = TimeSpan.FromHours(1),
            Audience = ReportAudiences.Analyst,
            Formats = [ReportFormats.Json],
        },
    };
}
