namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// A CEF message, bare, after a syslog header, or in a JSON collector's message field. Tried before syslog:
/// a CEF message behind a syslog header is CEF, the header only says who sent it and when.
/// </summary>
/// <remarks>
/// Host is the endpoint the event is about (shost, then dhost) before the reporting device (dvchost, then the
/// syslog header), so that a firewall's events correlate with the endpoints' own. The request URL is
/// appended to the message, which is where the indicator extraction and the model read text.
/// </remarks>
internal sealed class CefNormaliser(TimeProvider timeProvider) : IEventNormaliser
{
    public string Format => EventFormats.Cef;

    public bool Recognises(FlattenedRecord record) =>
        TextLineFields.Line(record)?.Contains(CefMessage.Marker, StringComparison.Ordinal) == true;

    public NormalisedEvent? Normalise(FlattenedRecord record)
    {
        var line = TextLineFields.Line(record)!;
        var start = line.IndexOf(CefMessage.Marker, StringComparison.Ordinal);
        SyslogMessage? header = null;
        if (start > 0)
        {
            // CEF further in must follow a syslog header, not sit somewhere in free text.
            header = line[start - 1] == ' ' ? SyslogMessage.Parse(line, timeProvider.GetUtcNow()) : null;
            if (header is null)
            {
                return null;
            }
        }

        var cef = CefMessage.Parse(line[start..]);
        if (cef is null)
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        cef.AddFields(fields);
        header?.AddFields(fields);
        var message = cef.Value("msg") ?? cef.Name;
        var request = cef.Value("request");
        return new NormalisedEvent
        {
            Timestamp = CefMessage.Time(cef.Value("rt")) ?? CefMessage.Time(cef.Value("start"))
                ?? CefMessage.Time(cef.Value("end")) ?? TextLineFields.Time(header, record),
            Host = cef.Value("shost") ?? cef.Value("dhost") ?? cef.Value("dvchost") ?? header?.Host
                ?? TextLineFields.Host(record),
            User = cef.Value("suser") ?? cef.Value("duser"),
            SourceAddress = NetworkAddresses.Address(cef.Value("src")),
            SourcePort = NetworkAddresses.Port(cef.Value("spt")),
            DestinationAddress = NetworkAddresses.Address(cef.Value("dst")),
            DestinationPort = NetworkAddresses.Port(cef.Value("dpt")),
            ProcessName = cef.Value("sproc") ?? cef.Value("dproc"),
            RuleName = cef.Name,
            Action = cef.Value("act") ?? cef.SignatureId,
            Message = request is null ? message : $"{message} {request}",
            AddedFields = fields,
        };
    }
}
