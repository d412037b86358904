namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// A line break (raw, URL-encoded or backslash-escaped) followed by what a log reader takes for the start of
/// another record: a timestamp, a syslog header, a level tag, an access-log line or several key=value pairs.
/// The span runs from the break to the end of the forged line.
/// </summary>
/// <remarks>
/// Multi-line fields that are not forgeries (Windows event messages, stack traces, ticket text) break lines
/// before indented labels or prose, which none of these headers match.
/// </remarks>
internal static class LogForgeryPhrases
{
    private const string Break = @"(?:\r\n?|\n|(?:%0d)?%0a|%0d|\\r(?:\\n)?|\\n)";

    private const string RecordHeader =
        @"(?:\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}"
        + @"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}"
        + @"|<\d{1,3}>\d?\s*\S"
        + @"|\d{2}/\d{2}/\d{4}[\s:]\d{2}:\d{2}"
        + @"|\d{1,2}/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4}:\d{2}:\d{2}"
        + @"|(?-i:\[?(?:INFO|WARN|WARNING|ERROR|DEBUG|NOTICE|CRIT|CRITICAL|AUDIT|TRACE|FATAL|ALERT|EMERG)\]?)\s*[:\-\]|]?\s"
        + @"|(?:level|lvl|loglevel)\s*[:=]\s*\w+"
        + @"|\d{1,3}(?:\.\d{1,3}){3}\s+-\s+\S+\s+\["
        + @"|[a-z_][\w.]*=\S+[ \t]+[a-z_][\w.]*=\S+[ \t]+[a-z_][\w.]*=\S+)";

    public static IEnumerable<PhraseRule> Rules(PatternFactory patterns)
    {
        // Every break is a CR or LF, "%0a"/"%0d" or a backslash escape.
        var needs = new Prerequisite(TextFeatures.None, TextFeatures.LineBreak | TextFeatures.Percent | TextFeatures.Backslash);
        yield return new(InjectionKinds.LogForgery, needs, patterns.Create($@"{Break}[ \t]*{RecordHeader}"), SpanExtent.Line);
    }
}
