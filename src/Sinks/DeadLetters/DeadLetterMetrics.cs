using System.Diagnostics.Metrics;

namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>
/// Dead-letter metrics on the meter <c>Llama3Siem.DeadLetters</c>: letters written by destination (<c>topic</c>,
/// <c>file</c>), letters that went to the file because the topic refused them (by reason), letters truncated to
/// fit, and duplicates not written again. One instance per process (the host's singleton).
/// </summary>
public sealed class DeadLetterMetrics : IDisposable
{
    public const string MeterName = "Llama3Siem.DeadLetters";
    public const string DestinationTopic = "topic";
    public const string DestinationFile = "file";

    public const string FallbackInstrument = "llama3siem.dead_letters.fallback";
    public const string WrittenInstrument = "llama3siem.dead_letters.written";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _written;
    private readonly Counter<long> _fallback;
    private readonly Counter<long> _truncated;
    private readonly Counter<long> _duplicates;

    public DeadLetterMetrics()
    {
        _written = _meter.CreateCounter<long>(WrittenInstrument, "{letter}", "Dead letters made durable, by destination.");
        _fallback = _meter.CreateCounter<long>(FallbackInstrument, "{letter}", "Dead letters the topic refused for good, written to the local file instead, by reason.");
        _truncated = _meter.CreateCounter<long>("llama3siem.dead_letters.truncated", "{letter}", "Dead letters whose original was cut to fit a size limit, by destination.");
        _duplicates = _meter.CreateCounter<long>("llama3siem.dead_letters.duplicates", "{letter}", "Dead letters not written because the destination already held their key, by destination.");
    }

    /// <summary>This instance's meter, for tests that collect its measurements alone.</summary>
    public Meter Meter => _meter;

    public void Written(string destination, bool truncated)
    {
        _written.Add(1, new KeyValuePair<string, object?>("destination", destination));
        if (truncated)
        {
            _truncated.Add(1, new KeyValuePair<string, object?>("destination", destination));
        }
    }

    public void Duplicate(string destination) => _duplicates.Add(1, new KeyValuePair<string, object?>("destination", destination));

    public void Fallback(TopicRefusal refusal) => _fallback.Add(1, new KeyValuePair<string, object?>("reason", ReasonTag(refusal)));

    /// <summary>The <c>reason</c> tag: snake_case of the refusal (<c>too_large</c>, <c>not_authorized</c>, ...).</summary>
    public static string ReasonTag(TopicRefusal refusal) => refusal switch
    {
        TopicRefusal.TooLarge => "too_large",
        TopicRefusal.NotAuthorized => "not_authorized",
        TopicRefusal.InvalidTopic => "invalid_topic",
        TopicRefusal.UnknownTopic => "unknown_topic",
        TopicRefusal.InvalidConfig => "invalid_config",
        _ => "other",
    };

    public void Dispose() => _meter.Dispose();
}
