namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// A rendered Windows event's XML forwarded in a string field: "xml", ECS's "event.original", "Event", or
/// the message (a bare line of XML arrives there too). Tried first, because event.original would otherwise
/// make the record look like ECS; Winlogbeat records, which carry their own parsed winlog.* fields beside
/// the XML, are left to the ECS reading.
/// </summary>
internal sealed class WindowsEventXmlNormaliser : IEventNormaliser
{
    private static readonly string[] XmlFields = ["xml", "event.original", "Event", TextLineFields.Message];

    public string Format => EventFormats.Windows;

    public bool Recognises(FlattenedRecord record) => !record.HasPrefix("winlog.") && Xml(record) is not null;

    public NormalisedEvent? Normalise(FlattenedRecord record)
    {
        var rendered = WindowsEventXmlReader.Read(Xml(record)!);
        return rendered.HasSystem
            ? rendered.Normalise(record)
            : throw new UnusableRecordException(RecordRejections.WindowsXmlRefused("no System element"));
    }

    private static string? Xml(FlattenedRecord record)
    {
        foreach (var name in XmlFields)
        {
            if (record.Text(name) is { } text && WindowsEventXmlReader.LooksLikeEvent(text))
            {
                return text;
            }
        }

        return null;
    }
}
