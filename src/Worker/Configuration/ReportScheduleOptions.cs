namespace Llama3Siem.Worker.Configuration;

/// <summary>One report schedule. Section <c>Reports:Schedules:&lt;name&gt;</c>.</summary>
public sealed class ReportScheduleOptions
{
    /// <summary>A Quartz cron expression with seconds: <c>0 0 6 * * ?</c> is 06:00 every day.</summary>
    public string Cron { get; set; } = "";

    /// <summary>The time zone the cron expression is read in: an IANA id (<c>Europe/Berlin</c>) or <c>UTC</c>. Default UTC.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The report covers [fire time - Window, fire time). Default 1 day.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(1);

    /// <summary><c>executive</c> (default) or <c>analyst</c>.</summary>
    public string Audience { get; set; } = ReportAudiences.Executive;

    /// <summary>Files written per report: any of <c>md</c>, <c>html</c>, <c>json</c>. Empty writes none (the report is still stored).</summary>
    public List<string> Formats { get; set; } = [];

    public bool Enabled { get; set; } = true;
}

public static class ReportAudiences
{
    public const string Executive = "executive";
    public const string Analyst = "analyst";
}

public static class ReportFormats
{
    public const string Markdown = "md";
    public const string Html = "html";
    public const string Json = "json";

    public static readonly IReadOnlyList<string> All = [Markdown, Html, Json];
}
