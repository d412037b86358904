using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// One syslog line, RFC 5424 (<c>&lt;165&gt;1 2003-10-11T22:14:15.003Z host app procid msgid [sd] msg</c>) or
/// RFC 3164 (<c>&lt;34&gt;Oct 11 22:14:15 host tag[pid]: msg</c>, the priority optional, an ISO time accepted in
/// place of the BSD one). A line without a priority must start with a time, so that free text is not taken
/// for syslog.
/// </summary>
internal sealed partial record SyslogMessage
{
    private static readonly string[] FacilityNames =
    [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
        "ntp", "security", "console", "solaris-cron", "local0", "local1", "local2", "local3", "local4", "local5",
        "local6", "local7",
    ];

    private static readonly string[] SeverityNames = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];

    // A BSD time has no year; a sender's clock a little ahead of ours is normal, a date further ahead
    // than this is last year's (a December line read in January).
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    // RFC 5424's largest priority: facility 23 (local7), severity 7.
    private const int MaxPriority = 191;

    public int? Priority { get; init; }
    public string? Version { get; init; }
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>False for a BSD time, whose year was inferred.</summary>
    public bool TimestampHasYear { get; init; }

    public string? Host { get; init; }
    public string? AppName { get; init; }
    public string? ProcId { get; init; }
    public string? MsgId { get; init; }
    public IReadOnlyList<(string Element, string Name, string Value)> StructuredData { get; init; } = [];
    public string Message { get; init; } = string.Empty;

    public string? FacilityName => Priority is { } p ? FacilityNames[p / 8] : null;
    public string? SeverityName => Priority is { } p ? SeverityNames[p % 8] : null;

    /// <summary>The parsed line, or null when it is not syslog.</summary>
    /// <param name="now">Resolves the year of a BSD time.</param>
    public static SyslogMessage? Parse(string line, DateTimeOffset now)
    {
        var modern = ModernHeader().Match(line);
        if (modern.Success)
        {
            return ParseModern(modern);
        }

        var bsd = BsdHeader().Match(line);
        if (!bsd.Success)
        {
            return null;
        }

        var priority = ReadPriority(bsd.Groups["pri"]);
        if (bsd.Groups["pri"].Success && priority is null)
        {
            return null;
        }

        DateTimeOffset? timestamp;
        var hasYear = bsd.Groups["iso"].Success;
        if (hasYear)
        {
            if (!EventTimestamps.TryParse(bsd.Groups["iso"].Value, out var iso))
            {
                return null;
            }

            timestamp = iso;
        }
        else
        {
            timestamp = BsdTime(bsd.Groups["month"].Value, bsd.Groups["day"].Value, bsd.Groups["time"].Value, now);
            if (timestamp is null)
            {
                return null;
            }
        }

        var rest = BsdRest().Match(bsd.Groups["rest"].Value);
        return new SyslogMessage
        {
            Priority = priority,
            Timestamp = timestamp,
            TimestampHasYear = hasYear,
            Host = Optional(rest.Groups["host"]),
            AppName = Optional(rest.Groups["tag"]),
            ProcId = Optional(rest.Groups["pid"]),
            Message = rest.Groups["msg"].Value,
        };
    }

    /// <summary>The fields a syslog line adds to an event, under ECS's log.syslog names.</summary>
    public void AddFields(IDictionary<string, string> fields)
    {
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                fields.TryAdd(name, value);
            }
        }

        var code = Priority?.ToString(CultureInfo.InvariantCulture);
        Add("log.syslog.priority", code);
        Add("log.syslog.facility.code", Priority is { } p ? (p / 8).ToString(CultureInfo.InvariantCulture) : null);
        Add("log.syslog.facility.name", FacilityName);
        Add("log.syslog.severity.code", Priority is { } s ? (s % 8).ToString(CultureInfo.InvariantCulture) : null);
        Add("log.syslog.severity.name", SeverityName);
        Add("log.syslog.version", Version);
        Add("log.syslog.hostname", Host);
        Add("log.syslog.appname", AppName);
        Add("log.syslog.procid", ProcId);
        Add("log.syslog.msgid", MsgId);
        foreach (var (element, name, value) in StructuredData)
        {
            Add($"log.syslog.structured_data.{element}.{name}", value);
        }

        Add("log.syslog.message", Message.Length == 0 ? null : Message);
    }

    private static SyslogMessage? ParseModern(Match header)
    {
        var priority = ReadPriority(header.Groups["pri"]);
        var time = header.Groups["time"].Value;
        DateTimeOffset? timestamp = null;
        if (time != "-")
        {
            if (!EventTimestamps.TryParse(time, out var parsed))
            {
                return null;
            }

            timestamp = parsed;
        }

        if (priority is null)
        {
            return null;
        }

        var rest = header.Groups["rest"].Value;
        var (data, message) = StructuredDataAndMessage(rest);
        return new SyslogMessage
        {
            Priority = priority,
            Version = header.Groups["version"].Value,
            Timestamp = timestamp,
            TimestampHasYear = true,
            Host = Nil(header.Groups["host"].Value),
            AppName = Nil(header.Groups["app"].Value),
            ProcId = Nil(header.Groups["proc"].Value),
            MsgId = Nil(header.Groups["msgid"].Value),
            StructuredData = data,
            Message = message.StartsWith('\uFEFF') ? message[1..] : message,
        };
    }

    /// <summary>
    /// Reads RFC 5424 structured data ("-" or [id name="value" ...]..., with \" \\ \] escaped in values).
    /// Data that does not follow the grammar is kept as part of the message rather than lost.
    /// </summary>
    private static (IReadOnlyList<(string, string, string)> Data, string Message) StructuredDataAndMessage(string rest)
    {
        if (rest == "-" || rest.StartsWith("- ", StringComparison.Ordinal))
        {
            return ([], rest.Length > 2 ? rest[2..] : string.Empty);
        }

        var data = new List<(string, string, string)>();
        var i = 0;
        while (i < rest.Length && rest[i] == '[')
        {
            if (!TryReadElement(rest, ref i, data))
            {
                return ([], rest);
            }
        }

        if (i == 0)
        {
            return ([], rest);
        }

        return (data, i < rest.Length && rest[i] == ' ' ? rest[(i + 1)..] : rest[i..]);
    }

    private static bool TryReadElement(string text, ref int i, List<(string, string, string)> data)
    {
        var idEnd = text.IndexOfAny([' ', ']'], i + 1);
        if (idEnd < 0 || idEnd == i + 1)
        {
            return false;
        }

        var id = text[(i + 1)..idEnd];
        i = idEnd;
        while (i < text.Length && text[i] == ' ')
        {
            var equals = text.IndexOf('=', i + 1);
            if (equals < 0 || equals + 1 >= text.Length || text[equals + 1] != '"')
            {
                return false;
            }

            var name = text[(i + 1)..equals];
            var value = new StringBuilder();
            i = equals + 2;
            while (i < text.Length && text[i] != '"')
            {
                if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or ']')
                {
                    i++;
                }

                value.Append(text[i]);
                i++;
            }

            if (i >= text.Length)
            {
                return false;
            }

            data.Add((id, name, value.ToString()));
            i++;
        }

        if (i >= text.Length || text[i] != ']')
        {
            return false;
        }

        i++;
        return true;
    }

    private static DateTimeOffset? BsdTime(string month, string day, string time, DateTimeOffset now)
    {
        var text = $"{month} {day.PadLeft(2, '0')} {time}";
        var latest = now.UtcDateTime + FutureTolerance;

        // The newest year that puts the date no further ahead than the tolerance; looking back a few
        // years also finds the leap year a 29 February belongs to.
        for (var year = now.UtcDateTime.Year + 1; year >= now.UtcDateTime.Year - 8; year--)
        {
            if (DateTime.TryParseExact($"{year} {text}", "yyyy MMM dd HH:mm:ss", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var candidate)
                && candidate <= latest)
            {
                return new DateTimeOffset(candidate, TimeSpan.Zero);
            }
        }

        return null;
    }

    private static int? ReadPriority(Group group) =>
        group.Success && int.TryParse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && value <= MaxPriority
            ? value
            : null;

    private static string? Nil(string value) => value == "-" ? null : value;

    private static string? Optional(Group group) => group.Success && group.Length > 0 ? group.Value : null;

    [GeneratedRegex(
        @"^<(?<pri>\d{1,3})>(?<version>[1-9]\d{0,2}) (?<time>\S+) (?<host>\S{1,255}) (?<app>\S{1,48}) (?<proc>\S{1,128}) (?<msgid>\S{1,32}) (?<rest>.*)$",
        RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex ModernHeader();

    [GeneratedRegex(
        @"^(?:<(?<pri>\d{1,3})>)?(?:(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(?<day>\d{1,2}) (?<time>\d{2}:\d{2}:\d{2})(?:\.\d{1,6})?|(?<iso>\d{4}-\d{2}-\d{2}T\S+)) (?<rest>.*)$",
        RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex BsdHeader();

    [GeneratedRegex(
        @"^(?:(?<host>[^\s:\[\]]{1,255}) )?(?:(?<tag>[A-Za-z0-9_./-]{1,48})(?:\[(?<pid>[^\]\s]{1,32})\])?: ?)?(?<msg>.*)$",
        RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex BsdRest();
}
