using System.Text;
using System.Text.Json;

namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// Reads one JSON object in a single forward pass into dotted names and verbatim scalar texts, enforcing
/// the field size and nesting limits as it goes so that no oversized value is ever materialised twice.
/// Nulls are dropped: a null is no value. Arrays become name.0, name.1, ...
/// </summary>
internal static class JsonRecordFlattener
{
    // Positions in rejections count from the start of the record as received (offsetInRecord is where
    // json starts in it), so an operator can find the byte in the original line.
    public const int MaxDepth = 64;

    public static bool TryFlatten(
        ReadOnlySpan<byte> json,
        long offsetInRecord,
        int maxFieldBytes,
        out FlattenedRecord? record,
        out string? rejection)
    {
        record = null;
        rejection = null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var containers = new List<Container>();
        string? pendingName = null;
        var objectComplete = false;

        // The reader's own depth limit sits above ours so that ours, with its clear reason, fires first.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth + 2 });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (containers.Count == 0)
                        {
                            if (reader.TokenType != JsonTokenType.StartObject)
                            {
                                rejection = RecordRejections.NotAnObject;
                                return false;
                            }

                            containers.Add(new Container(string.Empty, isArray: false));
                            break;
                        }

                        if (containers.Count >= MaxDepth)
                        {
                            rejection = RecordRejections.TooDeep(MaxDepth, offsetInRecord + reader.TokenStartIndex);
                            return false;
                        }

                        containers.Add(new Container(NextPath(containers, ref pendingName),
                            reader.TokenType == JsonTokenType.StartArray));
                        break;

                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        containers.RemoveAt(containers.Count - 1);
                        objectComplete = containers.Count == 0;
                        break;

                    case JsonTokenType.PropertyName:
                        if (!FitsLimit(ref reader, maxFieldBytes, out var name))
                        {
                            rejection = RecordRejections.FieldNameTooLarge(maxFieldBytes);
                            return false;
                        }

                        pendingName = name;
                        break;

                    case JsonTokenType.String:
                    case JsonTokenType.Number:
                    case JsonTokenType.True:
                    case JsonTokenType.False:
                    case JsonTokenType.Null:
                        if (containers.Count == 0)
                        {
                            rejection = RecordRejections.NotAnObject;
                            return false;
                        }

                        var path = NextPath(containers, ref pendingName);
                        if (reader.TokenType == JsonTokenType.Null)
                        {
                            break;
                        }

                        if (!FitsLimit(ref reader, maxFieldBytes, out var value))
                        {
                            rejection = RecordRejections.FieldTooLarge(path, maxFieldBytes);
                            return false;
                        }

                        fields.TryAdd(path, value);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            var offset = AbsoluteOffset(json, ex.LineNumber, ex.BytePositionInLine);
            var kind = objectComplete ? "content after the object"
                : offset >= json.Length ? "unexpected end of data"
                : "invalid syntax";
            rejection = RecordRejections.NotJson(kind, offsetInRecord + offset);
            return false;
        }
        catch (InvalidOperationException)
        {
            // GetString refuses escapes that decode to invalid UTF-16 (a lone surrogate such as \ud800).
            rejection = RecordRejections.NotJson("invalid escape sequence", offsetInRecord + reader.TokenStartIndex);
            return false;
        }

        record = new FlattenedRecord(fields);
        return true;
    }

    /// <summary>Reads the current token's text, unless it is larger than the limit once unescaped.</summary>
    private static bool FitsLimit(ref Utf8JsonReader reader, int maxBytes, out string text)
    {
        text = string.Empty;
        var raw = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;

        // Unescaping never makes a value longer, so a raw text within the limit is within it.
        if (raw > maxBytes && !reader.ValueIsEscaped)
        {
            return false;
        }

        text = reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName
            ? reader.GetString()!
            : Encoding.UTF8.GetString(reader.ValueSpan);
        return raw <= maxBytes || Encoding.UTF8.GetByteCount(text) <= maxBytes;
    }

    private static string NextPath(List<Container> containers, ref string? pendingName)
    {
        var parent = containers[^1];
        string segment;
        if (parent.IsArray)
        {
            segment = parent.NextIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parent.NextIndex++;
        }
        else
        {
            segment = pendingName ?? string.Empty;
            pendingName = null;
        }

        return parent.Path.Length == 0 && containers.Count == 1 ? segment : parent.Path + "." + segment;
    }

    private static long AbsoluteOffset(ReadOnlySpan<byte> json, long? lineNumber, long? bytePositionInLine)
    {
        long lineStart = 0;
        for (long line = 0; line < (lineNumber ?? 0); line++)
        {
            var next = json[(int)lineStart..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            lineStart += next + 1;
        }

        return lineStart + (bytePositionInLine ?? 0);
    }

    private sealed class Container(string path, bool isArray)
    {
        public string Path { get; } = path;
        public bool IsArray { get; } = isArray;
        public int NextIndex { get; set; }
    }
}
