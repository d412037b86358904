using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Tests.Events;

/// <summary>samples/events.jsonl and samples/malformed.jsonl, the events the project ships.</summary>
public sealed class ShippedSampleTests(ITestOutputHelper output)
{
    private const string InjectionMarker = "<|start_header_id|>system<|end_header_id|>";

    [Fact]
    public void Every_shipped_event_parses_with_its_own_time()
    {
        var events = ParseAll("events.jsonl");

        Assert.InRange(events.Count, 80, 150);
        Assert.All(events, e => Assert.False(e.TimestampIsFallback, $"{e.Origin} has no readable time"));
        Assert.All(events, e => Assert.Equal(new DateOnly(2026, 3, 2), DateOnly.FromDateTime(e.Timestamp.UtcDateTime)));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        foreach (var group in events.GroupBy(e => e.Format).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{group.Key,-12} {group.Count(),4}");
        }
    }

    [Fact]
    public void The_shipped_events_cover_every_format()
    {
        var formats = ParseAll("events.jsonl").Select(e => e.Format).ToHashSet();

        Assert.Equal(
            new[] { EventFormats.CloudTrail, EventFormats.Ecs, EventFormats.Generic, EventFormats.SuricataEve, EventFormats.Windows }.Order(),
            formats.Order());
    }

    [Fact]
    public void The_shipped_events_tell_the_attack_stories()
    {
        var events = ParseAll("events.jsonl");

        Assert.Contains(events, e => e.Host == "WS-FIN-07" && e.CommandLine?.Contains("comsvcs.dll, MiniDump", StringComparison.Ordinal) == true);
        Assert.Contains(events, e => e.RuleName?.StartsWith("Sysmon 10: process access", StringComparison.Ordinal) == true
            && e.Fields["TargetImage"].EndsWith("lsass.exe", StringComparison.Ordinal));
        Assert.Contains(events, e => e.CommandLine?.Contains("-Enc ", StringComparison.Ordinal) == true && e.ParentProcessName?.EndsWith("WINWORD.EXE", StringComparison.Ordinal) == true);
        Assert.Contains(events, e => e.Format == EventFormats.SuricataEve && e.RuleName?.Contains("CVE-", StringComparison.Ordinal) == true);
        Assert.Contains(events, e => e.Format == EventFormats.SuricataEve && e.Message?.Contains("tls sni: update-cdn-check.xyz", StringComparison.Ordinal) == true);
        Assert.Contains(events, e => e.RuleName == "Security 4624: logon" && e.Host == "srv-file02" && e.Fields["winlog.event_data.LogonType"] == "3");
        Assert.Contains(events, e => e.RuleName == "System 7045: service installed");
        Assert.Contains(events, e => e.RuleName == "Security 4698: scheduled task created" && e.CommandLine == "C:\\Windows\\wupd.exe --svc --quiet");
        Assert.Contains(events, e => e.Format == EventFormats.CloudTrail && e.Action == "GetObject" && e.SourceAddress == "91.214.65.140"
            && e.User == "reporting-ec2-role/i-0c4e7a91d2b35f806");
        Assert.True(events.Count(e => e.RuleName == "Security 4625: failed logon" && e.SourceAddress == "77.83.247.201") >= 8);
        Assert.Contains(events, e => e.Message?.Contains("hxxp://", StringComparison.Ordinal) == true);
        Assert.Contains(events, e => e.Fields.Any(f => f.Key.EndsWith("Hashes", StringComparison.Ordinal) && f.Value.Contains("SHA256=", StringComparison.Ordinal)));
        Assert.Single(events, e => e.CommandLine?.Contains(InjectionMarker, StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Malformed_sample_lines_are_accepted_or_rejected_as_documented()
    {
        string?[] expected =
        [
            null,
            null,
            "not a JSON object",
            "not a JSON object",
            "invalid UTF-8 at byte 15",
            "JSON object has no values",
            "unrecognised shape: no message, timestamp or known fields",
            "not JSON: unexpected end of data at byte 88",
            null,
            "not JSON: content after the object at byte 38",
            null,
            "not JSON: nested deeper than 64 levels at byte 320",
            "JSON object has no values",
        ];
        var parser = new EventParser();

        var outcomes = RepositoryFiles.Lines(RepositoryFiles.Sample("malformed.jsonl"))
            .Select(line => parser.Parse(line))
            .Select(result => result.IsSuccess ? null : result.Rejection)
            .ToList();

        Assert.Equal(expected, outcomes);
    }

    [Theory]
    [InlineData("windows-raw.jsonl", EventFormats.Windows, 22)]
    [InlineData("syslog.log", EventFormats.Syslog, 10)]
    [InlineData("cef.log", EventFormats.Cef, 5)]
    public void Every_record_of_the_other_shipped_shapes_becomes_an_event_of_its_format(string fileName, string format, int count)
    {
        var events = ParseAll(fileName);

        Assert.Equal(count, events.Count);
        Assert.All(events, e => Assert.Equal(format, e.Format));
        Assert.All(events, e => Assert.False(e.TimestampIsFallback, $"{e.Origin} has no readable time"));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void No_shipped_record_with_a_time_and_content_is_rejected()
    {
        var wrapped = ParseAll("syslog-cef-wrapped.jsonl");

        Assert.Equal(
            [EventFormats.Syslog, EventFormats.Syslog, EventFormats.Syslog, EventFormats.Cef, EventFormats.Generic],
            wrapped.Select(e => e.Format));
        Assert.All(wrapped, e => Assert.False(e.TimestampIsFallback));
    }

    [Fact]
    public void The_raw_windows_sample_maps_what_analysts_look_for()
    {
        var events = ParseAll("windows-raw.jsonl");

        Assert.Contains(events, e => e.RuleName == "Sysmon 3: network connection" && e.DestinationAddress == "203.0.113.80" && e.DestinationPort == 443);
        Assert.Contains(events, e => e.RuleName == "Sysmon 22: DNS query" && e.Fields["QueryName"] == "files.example.net");
        Assert.Contains(events, e => e.RuleName == "Security 4769: Kerberos service ticket requested" && e.SourceAddress == "192.0.2.44");
        Assert.Equal(3, events.Count(e => e.RuleName == "Security 4625: failed logon" && e.SourceAddress == "198.51.100.23"));
        Assert.Contains(events, e => e.RuleName == "Security 4720: user account created" && e.User == "LAB\\k.ito");
        Assert.Contains(events, e => e.RuleName == "Security 1102: audit log cleared" && e.User == "LAB\\k.ito");
    }

    private static List<SecurityEvent> ParseAll(string fileName)
    {
        var parser = new EventParser();
        var events = new List<SecurityEvent>();
        var lineNumber = 0;
        foreach (var line in RepositoryFiles.Lines(RepositoryFiles.Sample(fileName)))
        {
            lineNumber++;
            var result = parser.Parse(line, $"{fileName}:{lineNumber}");
            Assert.True(result.IsSuccess, $"{fileName} line {lineNumber}: {result.Rejection}");
            events.Add(result.Event!);
        }

        return events;
    }
}
