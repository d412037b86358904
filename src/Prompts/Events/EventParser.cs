using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using Llama3Siem.Prompts.Events.Normalisers;

namespace Llama3Siem.Prompts.Events;

/// <summary>
/// Turns one raw record (one JSON object, UTF-8) into a <see cref="SecurityEvent"/>, or a rejection whose
/// reason never repeats the record's content. Stateless and safe to share between threads.
/// </summary>
/// <remarks>
/// <para>A record is usable when it is valid UTF-8, within the size limits, and either one JSON object or one
/// line of text that is syslog, CEF or Windows event XML. A JSON object is read as the first known shape it
/// has (Windows event XML in a string field, CloudTrail, Suricata EVE, ECS, flattened Windows event log, raw
/// Windows event JSON, CEF or syslog in its message, tried in that order), else as generic JSON when it holds
/// a message, a readable time or a known entity field. Any other text is rejected with the JSON reader's
/// reason.</para>
/// <para>Id: the source's own stable id (ECS event.id, CloudTrail eventID, a rendered Windows event's
/// provider:channel:record id:computer) when it has one of at most
/// 512 UTF-8 bytes without control characters (it becomes a document id); otherwise the first 32 lower-case
/// hex digits of the SHA-256 of the record's bytes, with surrounding whitespace (CR and LF included) and a
/// UTF-8 byte-order mark removed, so the same line hashes alike on every run and in CRLF or LF files.</para>
/// <para>Time: the record's own time converted to UTC (a time without zone is taken as UTC). Without a
/// readable time the event gets the <see cref="TimeProvider"/>'s current time and
/// <see cref="SecurityEvent.TimestampIsFallback"/> is set.</para>
/// </remarks>
public sealed class EventParser
{
    private const int ContentHashHexDigits = 32;
    private const int MaxSourceIdBytes = 512;

    // Text lines inside JSON come after every JSON shape: an ECS record whose message looks like syslog
    // stays ECS. CEF before syslog: a syslog header in front of CEF only says who sent it.
    private readonly IEventNormaliser[] _normalisers;

    // A record that is not JSON is tried as one line of text (syslog, CEF, event XML) before it is
    // rejected with the JSON reader's reason.
    private readonly IEventNormaliser[] _lineNormalisers;

    private readonly EventParserLimits _limits;
    private readonly TimeProvider _timeProvider;

    public EventParser(EventParserLimits? limits = null, TimeProvider? timeProvider = null)
    {
        _limits = limits ?? EventParserLimits.Default;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_limits.MaxFieldBytes, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_limits.MaxRecordBytes, nameof(limits));
        _timeProvider = timeProvider ?? TimeProvider.System;
        var cef = new CefNormaliser(_timeProvider);
        var syslog = new SyslogNormaliser(_timeProvider);
        var xml = new WindowsEventXmlNormaliser();
        _normalisers =
        [
            xml,
            new CloudTrailNormaliser(),
            new SuricataEveNormaliser(),
            new EcsNormaliser(),
            new WindowsEventNormaliser(),
            new WindowsEventJsonNormaliser(),
            cef,
            syslog,
            new GenericJsonNormaliser(),
        ];
        _lineNormalisers = [xml, cef, syslog];
    }

    /// <param name="utf8Record">One record as received, e.g. one line of a JSONL file or one Kafka message value.</param>
    /// <param name="origin">Where it came from (file and line, or topic/partition/offset); copied to the event.</param>
    /// <param name="fallbackId">
    /// The id to use when the record has no id of its own, instead of its content hash: a Kafka source passes
    /// topic/partition/offset, so that two identical records stay two events and a redelivery keeps its id.
    /// </param>
    public EventParseResult Parse(ReadOnlySpan<byte> utf8Record, string? origin = null, string? fallbackId = null)
    {
        if (utf8Record.Length > _limits.MaxRecordBytes)
        {
            return EventParseResult.Rejected(RecordRejections.RecordTooLarge(_limits.MaxRecordBytes));
        }

        var leading = LeadingPadding(utf8Record);
        var record = TrimTrailingWhitespace(utf8Record[leading..]);
        if (record.IsEmpty)
        {
            return EventParseResult.Rejected(RecordRejections.Empty);
        }

        if (!Utf8.IsValid(record))
        {
            return EventParseResult.Rejected(RecordRejections.InvalidUtf8(leading + FirstInvalidUtf8(record)));
        }

        if (record[0] is not ((byte)'{' or (byte)'[') && record.Length <= _limits.MaxFieldBytes)
        {
            var line = TextLineFields.BareLine(Encoding.UTF8.GetString(record));
            var fromLine = Normalise(_lineNormalisers, line, record, origin, fallbackId);
            if (fromLine is not null)
            {
                return fromLine;
            }
        }

        if (!JsonRecordFlattener.TryFlatten(record, leading, _limits.MaxFieldBytes, out var flattened, out var rejection))
        {
            return EventParseResult.Rejected(rejection!);
        }

        if (flattened!.Fields.Count == 0)
        {
            return EventParseResult.Rejected(RecordRejections.ObjectWithoutValues);
        }

        return Normalise(_normalisers, flattened, record, origin, fallbackId)
            ?? EventParseResult.Rejected(RecordRejections.UnrecognisedShape);
    }

    private EventParseResult? Normalise(
        IEventNormaliser[] normalisers, FlattenedRecord flattened, ReadOnlySpan<byte> record, string? origin, string? fallbackId)
    {
        foreach (var normaliser in normalisers)
        {
            if (!normaliser.Recognises(flattened))
            {
                continue;
            }

            NormalisedEvent? normalised;
            try
            {
                normalised = normaliser.Normalise(flattened);
            }
            catch (UnusableRecordException ex)
            {
                return EventParseResult.Rejected(ex.Reason);
            }

            if (normalised is not null)
            {
                return EventParseResult.Success(Complete(normalised, normaliser.Format, flattened, record, origin, fallbackId));
            }
        }

        return null;
    }

    /// <summary>The content-hash id of a record: what <see cref="SecurityEvent.Id"/> is when the source has no id.</summary>
    public static string ContentId(ReadOnlySpan<byte> utf8Record)
    {
        var record = TrimTrailingWhitespace(utf8Record[LeadingPadding(utf8Record)..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(record, hash);
        return Convert.ToHexStringLower(hash)[..ContentHashHexDigits];
    }

    private SecurityEvent Complete(
        NormalisedEvent normalised, string format, FlattenedRecord flattened, ReadOnlySpan<byte> record, string? origin, string? fallbackId)
    {
        var timestamp = normalised.Timestamp;
        return new SecurityEvent
        {
            Id = UsableSourceId(normalised.SourceId) ?? fallbackId ?? ContentId(record),
            Timestamp = timestamp ?? _timeProvider.GetUtcNow().ToUniversalTime(),
            TimestampIsFallback = timestamp is null,
            Format = format,
            Host = normalised.Host,
            User = normalised.User,
            SourceAddress = normalised.SourceAddress,
            SourcePort = normalised.SourcePort,
            DestinationAddress = normalised.DestinationAddress,
            DestinationPort = normalised.DestinationPort,
            ProcessName = normalised.ProcessName,
            CommandLine = normalised.CommandLine,
            ParentProcessName = normalised.ParentProcessName,
            RuleName = normalised.RuleName,
            Action = normalised.Action,
            Message = normalised.Message,
            Fields = WithAddedFields(flattened.Fields, normalised.AddedFields),
            Origin = origin,
        };
    }

    private static IReadOnlyDictionary<string, string> WithAddedFields(
        IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string>? added)
    {
        if (added is null || added.Count == 0)
        {
            return fields;
        }

        // The record's own fields stay verbatim; added names fill in only where the record has none.
        var merged = new Dictionary<string, string>(fields, StringComparer.Ordinal);
        foreach (var (name, value) in added)
        {
            merged.TryAdd(name, value);
        }

        return merged;
    }

    private static string? UsableSourceId(string? id) =>
        id is not null && Encoding.UTF8.GetByteCount(id) <= MaxSourceIdBytes && !id.Any(char.IsControl) ? id : null;

    private static int LeadingPadding(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> byteOrderMark = [0xEF, 0xBB, 0xBF];
        var start = bytes.StartsWith(byteOrderMark) ? byteOrderMark.Length : 0;
        while (start < bytes.Length && IsJsonWhitespace(bytes[start]))
        {
            start++;
        }

        return start;
    }

    private static ReadOnlySpan<byte> TrimTrailingWhitespace(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.Length;
        while (end > 0 && IsJsonWhitespace(bytes[end - 1]))
        {
            end--;
        }

        return bytes[..end];
    }

    private static bool IsJsonWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }
}
