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
/// <para>A record is usable when it is valid UTF-8, within the size limits, one JSON object, and either has
/// the distinguishing fields of a known shape (CloudTrail, Suricata EVE, ECS, Windows event log, tried in
/// that order) or, read as generic JSON, holds a message, a readable time or a known entity field.</para>
/// <para>Id: the source's own stable id (ECS event.id, CloudTrail eventID) when it has one of at most
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

    private static readonly IEventNormaliser[] Normalisers =
    [
        new CloudTrailNormaliser(),
        new SuricataEveNormaliser(),
        new EcsNormaliser(),
        new WindowsEventNormaliser(),
        new GenericJsonNormaliser(),
    ];

    private readonly EventParserLimits _limits;
    private readonly TimeProvider _timeProvider;

    public EventParser(EventParserLimits? limits = null, TimeProvider? timeProvider = null)
    {
        _limits = limits ?? EventParserLimits.Default;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_limits.MaxFieldBytes, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_limits.MaxRecordBytes, nameof(limits));
        _timeProvider = timeProvider ?? TimeProvider.System;
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

        if (!JsonRecordFlattener.TryFlatten(record, leading, _limits.MaxFieldBytes, out var flattened, out var rejection))
        {
            return EventParseResult.Rejected(rejection!);
        }

        if (flattened!.Fields.Count == 0)
        {
            return EventParseResult.Rejected(RecordRejections.ObjectWithoutValues);
        }

        foreach (var normaliser in Normalisers)
        {
            if (!normaliser.Recognises(flattened))
            {
                continue;
            }

            var normalised = normaliser.Normalise(flattened);
            if (normalised is not null)
            {
                return EventParseResult.Success(Complete(normalised, normaliser.Format, flattened, record, origin, fallbackId));
            }
        }

        return EventParseResult.Rejected(RecordRejections.UnrecognisedShape);
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
            Fields = flattened.Fields,
            Origin = origin,
        };
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
