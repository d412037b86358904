using System.Globalization;

namespace Llama3Siem.Worker.Reports.Scheduling;

/// <summary>
/// One scheduled report: a schedule and the window [To - Window, To) ending at the trigger's scheduled fire
/// time. Its id (and file stem) is <c>&lt;schedule&gt;-&lt;yyyyMMddTHHmmZ&gt;</c>, with seconds only for
/// schedules that fire off the minute, so the same window always has the same id.
/// </summary>
internal sealed record ReportSlot(string Schedule, DateTimeOffset From, DateTimeOffset To)
{
    public static ReportSlot Ending(string schedule, DateTimeOffset scheduledFireTime, TimeSpan window)
    {
        var to = scheduledFireTime.ToUniversalTime();
        return new ReportSlot(schedule, to - window, to);
    }

    public string Id
    {
        get
        {
            var format = To.Second == 0 && To.Millisecond == 0 ? "yyyyMMdd'T'HHmm'Z'" : "yyyyMMdd'T'HHmmss'Z'";
            return $"{Schedule}-{To.UtcDateTime.ToString(format, CultureInfo.InvariantCulture)}";
        }
    }
}
