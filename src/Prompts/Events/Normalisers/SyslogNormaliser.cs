namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// A syslog line (RFC 3164 or 5424), bare or in a JSON collector's message field. Tried after the JSON
/// shapes, so that an ECS or Windows record whose message merely looks like syslog keeps its own reading.
/// </summary>
internal sealed class SyslogNormaliser(TimeProvider timeProvider) : IEventNormaliser
{
    public string Format => EventFormats.Syslog;

    public bool Recognises(FlattenedRecord record) => TextLineFields.Line(record) is not null;

    public NormalisedEvent? Normalise(FlattenedRecord record)
    {
        var syslog = SyslogMessage.Parse(TextLineFields.Line(record)!, timeProvider.GetUtcNow());
        if (syslog is null)
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        syslog.AddFields(fields);
        return new NormalisedEvent
        {
            Timestamp = TextLineFields.Time(syslog, record),
            Host = syslog.Host ?? TextLineFields.Host(record),
            ProcessName = syslog.AppName,
            Action = syslog.MsgId,
            Message = FlattenedRecord.Meaningful(syslog.Message),
            AddedFields = fields,
        };
    }
}
