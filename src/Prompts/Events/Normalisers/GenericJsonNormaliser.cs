namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// Any other JSON object, read through common field names (matched case-insensitively at the top level).
/// A record is usable when it has a message-like text, a timestamp-like field that reads as a time, or
/// any of the entity fields below (host, user, address, process, command, rule, action); an object with
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

        return HasContent(normalised) ? normalised : null;
    }

    private static DateTimeOffset? FirstTimestamp(FlattenedRecord record)
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
