namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// Where a line of text (syslog, CEF, Windows event XML) sits in a record: in a JSON collector's message
/// field, or, for a bare line that is not JSON, under "message" of a record the parser builds from it.
/// </summary>
internal static class TextLineFields
{
    public const string Message = "message";

    /// <summary>The record's line: its message, or Fluent Bit's and Docker's "log".</summary>
    public static string? Line(FlattenedRecord record) => record.FirstText(Message, "log");

    /// <summary>A record holding only <paramref name="line"/>.</summary>
    public static FlattenedRecord BareLine(string line) =>
        new(new Dictionary<string, string>(StringComparer.Ordinal) { [Message] = line });

    /// <summary>The wrapping JSON's host, when the line's own header has none.</summary>
    public static string? Host(FlattenedRecord record) =>
        record.FirstTextIgnoringCase("host", "hostname", "host.name", "host.hostname", "computer");

    /// <summary>
    /// A time from the line with a year wins; a year-less BSD time loses to the wrapper's time, which has one.
    /// </summary>
    public static DateTimeOffset? Time(SyslogMessage? header, FlattenedRecord record) =>
        header is { TimestampHasYear: true, Timestamp: { } full } ? full
        : GenericJsonNormaliser.FirstTimestamp(record) ?? header?.Timestamp;
}
