using Llama3Siem.Worker.Reports.Scheduling;

namespace Llama3Siem.Worker.Tests.Reports;

public sealed class ReportSlotTests
{
    [Theory]
    [InlineData("2026-12-03T06:00:00+00:00", "daily-20261203T0600Z")]
    [InlineData("2026-12-03T07:00:00+01:00", "daily-20261203T0600Z")]
    [InlineData("2026-12-03T06:00:07+00:00", "daily-20261203T060007Z")]
    [InlineData("2026-12-03T06:00:00.250+00:00", "daily-20261203T060000Z")]
    public void Id_names_the_schedule_and_the_window_end_in_utc_with_seconds_only_off_the_minute(string fireTime, string expected)
    {
        var slot = ReportSlot.Ending("daily", DateTimeOffset.Parse(fireTime, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromDays(1));

        Assert.Equal(expected, slot.Id);
        Assert.Equal(slot.To.AddDays(-1), slot.From);
        Assert.Equal(TimeSpan.Zero, slot.To.Offset);
    }
}
