using System.Text.Json;
using Llama3Siem.Prompts.Events;
using static Llama3Siem.Prompts.Tests.Events.EventParsing;

namespace Llama3Siem.Prompts.Tests.Events;

public sealed class SyslogNormaliserTests
{
    [Fact]
    public void A_bsd_line_gives_host_program_priority_names_and_message()
    {
        var e = Parsed("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");

        Assert.Equal(EventFormats.Syslog, e.Format);
        Assert.Equal(new DateTimeOffset(2026, 10, 11, 22, 14, 15, TimeSpan.Zero), e.Timestamp);
        Assert.Equal("mymachine", e.Host);
        Assert.Equal("su", e.ProcessName);
        Assert.Equal("'su root' failed for lonvick on /dev/pts/8", e.Message);
        Assert.Equal(("auth", "crit"), (e.Fields["log.syslog.facility.name"], e.Fields["log.syslog.severity.name"]));
        Assert.Equal("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", e.Fields["message"]);
    }

    [Fact]
    public void A_bsd_line_without_priority_and_with_a_pid_is_syslog()
    {
        var e = Parsed("Mar  2 09:41:07 fw-edge-01 sshd[4182]: Failed password for root");

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 41, 7, TimeSpan.Zero), e.Timestamp);
        Assert.Equal(("fw-edge-01", "sshd", "4182"), (e.Host, e.ProcessName, e.Fields["log.syslog.procid"]));
        Assert.False(e.Fields.ContainsKey("log.syslog.priority"));
    }

    [Theory]
    [InlineData("2027-01-01T00:30:00Z", "Dec 31 23:59:00", 2026)]
    [InlineData("2026-12-31T23:00:00Z", "Jan  1 00:30:00", 2027)]
    [InlineData("2026-06-01T00:00:00Z", "Jun  2 00:00:00", 2026)]
    [InlineData("2026-06-01T00:00:00Z", "Jun  3 00:00:00", 2025)]
    [InlineData("2026-03-01T00:00:00Z", "Feb 29 12:00:00", 2024)]
    public void A_year_less_time_takes_the_clock_year_unless_more_than_a_day_ahead(string now, string time, int year)
    {
        var e = ParsedAt($"<13>{time} host app: x", DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(year, e.Timestamp.Year);
    }

    [Fact]
    public void An_rfc5424_line_parses_its_header_and_structured_data()
    {
        var e = Parsed("""<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"] An application event log entry...""");

        Assert.Equal(new DateTimeOffset(2003, 10, 11, 22, 14, 15, 3, TimeSpan.Zero), e.Timestamp);
        Assert.Equal(("mymachine.example.com", "evntslog", "ID47"), (e.Host, e.ProcessName, e.Action));
        Assert.Equal("An application event log entry...", e.Message);
        Assert.Equal("Application", e.Fields["log.syslog.structured_data.exampleSDID@32473.eventSource"]);
        Assert.Equal("high", e.Fields["log.syslog.structured_data.examplePriority@32473.class"]);
        Assert.Equal(("local4", "notice"), (e.Fields["log.syslog.facility.name"], e.Fields["log.syslog.severity.name"]));
        Assert.False(e.Fields.ContainsKey("log.syslog.procid"));
    }

    [Fact]
    public void Nil_values_are_absent_and_a_nil_time_falls_back_to_the_read_time()
    {
        var e = Parsed("<11>1 - - - - - - disk failing");

        Assert.Null(e.Host);
        Assert.Null(e.ProcessName);
        Assert.Equal("disk failing", e.Message);
        Assert.True(e.TimestampIsFallback);
    }

    [Fact]
    public void Structured_data_escapes_are_undone()
    {
        var e = Parsed("""<165>1 2026-05-14T08:12:15Z web - - - [meta note="path \"/admin\" \] denied \\ ok"] done""");

        Assert.Equal("path \"/admin\" ] denied \\ ok", e.Fields["log.syslog.structured_data.meta.note"]);
        Assert.Equal("done", e.Message);
    }

    [Fact]
    public void A_syslog_line_in_a_json_message_is_syslog_and_takes_the_wrapper_year()
    {
        var e = Parsed(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["@timestamp"] = "2025-12-31T23:59:59.500Z",
            ["message"] = "<86>Dec 31 23:59:59 gw-lab-01 sshd[4182]: Failed password for root",
        }));

        Assert.Equal(EventFormats.Syslog, e.Format);
        Assert.Equal(new DateTimeOffset(2025, 12, 31, 23, 59, 59, 500, TimeSpan.Zero), e.Timestamp);
        Assert.Equal("gw-lab-01", e.Host);
    }

    [Fact]
    public void An_ecs_record_with_a_syslog_looking_message_stays_ecs()
    {
        var e = Parsed("""{"@timestamp":"2026-05-14T08:10:20Z","host":{"name":"gw-lab-01"},"message":"<86>May 14 08:10:20 gw-lab-01 sshd[4182]: Failed password"}""");

        Assert.Equal(EventFormats.Ecs, e.Format);
    }

    [Theory]
    [InlineData("hello world", "not JSON: invalid syntax at byte 0")]
    [InlineData("<999>Oct 11 22:14:15 host app: x", "not JSON: invalid syntax at byte 0")]
    [InlineData("Foo 11 22:14:15 host app: x", "not JSON: invalid syntax at byte 0")]
    [InlineData("42", "not a JSON object")]
    public void A_line_that_is_neither_json_nor_syslog_nor_cef_keeps_the_json_reason(string line, string reason)
    {
        Assert.Equal(reason, Rejection(line));
    }
}
