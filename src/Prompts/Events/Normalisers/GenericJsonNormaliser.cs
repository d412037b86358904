namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// Any other JSON object, read through common field names (matched case-insensitively at the top level).
/// A record is usable when it has a message-like text, a timestamp-like field that reads as a time, or
/// any of the entity fields below (host, user, address, process, command, rule, action); failing those,
/// when any value reads as a date and time and another holds text, whatever the names. An object with
/// none of these says nothing an analyst could use and is rejected.
/// </summary>
internal sealed class GenericJsonNormaliser : IEventNormaliser
{
    private static readonly string[] MessageNames =
        ["message", "msg", "log", "text", "description", "summary", "details", "event_message"];

    private static readonly string[] TimestampNames =
        ["@timestamp", "timestamp", "time", "ts", "date", "datetime", "eventTime", "event_time", "created_at", "logged_at"];

    public string Format => EventFormats.Generic;

    public bool Recognises(FlattenedRecord record) => true;

    public NormalisedEvent? Normalise(FlattenedRecord record)
    {
        var normalised = new NormalisedEvent
        {
            Timestamp = FirstTimestamp(record),
            Host = record.FirstTextIgnoringCase("host", "hostname", "host_name", "computer", "computer_name", "device", "server"),
            User = record.FirstTextIgnoringCase("user", "username", "user_name", "account", "account_name"),
            SourceAddress = NetworkAddresses.FirstAddress(
                record.FirstTextIgnoringCase("src_ip", "source_ip", "srcip", "client_ip", "src", "source", "remote_addr")),
            SourcePort = NetworkAddresses.Port(record.FirstTextIgnoringCase("src_port", "source_port", "sport")),
            DestinationAddress = NetworkAddresses.FirstAddress(
                record.FirstTextIgnoringCase("dst_ip", "dest_ip", "destination_ip", "dstip", "dst", "dest", "destination")),
            DestinationPort = NetworkAddresses.Port(
                record.FirstTextIgnoringCase("dst_port", "dest_port", "destination_port", "dport")),
            ProcessName = record.FirstTextIgnoringCase("process", "process_name", "image", "exe", "program"),
            CommandLine = record.FirstTextIgnoringCase("command_line", "commandline", "cmdline", "command", "cmd"),
            RuleName = record.FirstTextIgnoringCase("rule", "rule_name", "signature", "alert"),
            Action = record.FirstTextIgnoringCase("action", "event_action", "event_type"),
            Message = record.FirstTextIgnoringCase(MessageNames),
        };

        return HasContent(normalised) ? normalised : AnyTimeWithText(record);
    }

    /// <summary>
    /// The last resort, whatever the names: a value that reads as a date and time plus another value that is
    /// text. Bare numbers are not taken for times here, since under unknown names they are likelier counters.
    /// </summary>
    private static NormalisedEvent? AnyTimeWithText(FlattenedRecord record)
    {
        DateTimeOffset? time = null;
        var hasText = false;
        foreach (var value in record.Fields.Values)
        {
            var text = FlattenedRecord.Meaningful(value);
            if (text is null || IsNumberOrBoolean(text))
            {
                continue;
            }

            if (time is null && EventTimestamps.TryParse(text, out var parsed))
            {
                time = parsed;
            }
            else
            {
                hasText = true;
            }
        }

        return time is not null && hasText ? new NormalisedEvent { Timestamp = time } : null;
    }

    private static bool IsNumberOrBoolean(string text) =>
        text is "true" or "false"
        || double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>The first of the usual time fields (matched case-insensitively) that reads as a time.</summary>
    internal static DateTimeOffset? FirstTimestamp(FlattenedRecord record)
    {
        foreach (var name in TimestampNames)
        {
            if (EventTimestamps.TryParse(record.FirstTextIgnoringCase(name), out var timestamp))
            {
                return timestamp;
            }
        }

        return null;
    }

    private static bool HasContent(NormalisedEvent e) =>
        e.Message is not null || e.Timestamp is not null || e.Host is not null || e.User is not null
        || e.SourceAddress is not null || e.DestinationAddress is not null || e.ProcessName is not null
        || e.CommandLine is not null || e.RuleName is not null || e.Action is not null;
}
