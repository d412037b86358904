using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// One ArcSight Common Event Format message: <c>CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|Extension</c>.
/// In the header <c>\|</c> and <c>\\</c> are escapes; the extension is key=value pairs whose values may hold
/// spaces, with <c>\=</c>, <c>\\</c>, <c>\n</c> and <c>\r</c> escaped.
/// </summary>
internal sealed partial record CefMessage
{
    public const string Marker = "CEF:";

    private const int HeaderFields = 7;

    private static readonly string[] HeaderNames =
        ["version", "device_vendor", "device_product", "device_version", "signature_id", "name", "severity"];

    public required IReadOnlyList<string> Header { get; init; }
    public required IReadOnlyDictionary<string, string> Extension { get; init; }

    public string? Name => FlattenedRecord.Meaningful(Header[5]);
    public string? SignatureId => FlattenedRecord.Meaningful(Header[4]);

    /// <summary>The message, or null when <paramref name="text"/> does not start with a whole CEF header.</summary>
    public static CefMessage? Parse(string text)
    {
        if (!text.StartsWith(Marker, StringComparison.Ordinal))
        {
            return null;
        }

        var header = new List<string>(HeaderFields);
        var field = new StringBuilder();
        var i = Marker.Length;
        for (; i < text.Length && header.Count < HeaderFields; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '|' or '\\')
            {
                field.Append(text[++i]);
            }
            else if (text[i] == '|')
            {
                header.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(text[i]);
            }
        }

        return header.Count == HeaderFields
            ? new CefMessage { Header = header, Extension = ParseExtension(text[i..]) }
            : null;
    }

    public string? Value(string key) => FlattenedRecord.Meaningful(Extension.GetValueOrDefault(key));

    /// <summary>The header under cef.* names and the extension under cef.extensions.*, as ECS writes CEF.</summary>
    public void AddFields(IDictionary<string, string> fields)
    {
        for (var i = 0; i < HeaderFields; i++)
        {
            fields.TryAdd("cef." + HeaderNames[i], Header[i]);
        }

        foreach (var (key, value) in Extension)
        {
            fields.TryAdd("cef.extensions." + key, value);
        }
    }

    /// <summary>
    /// A value runs up to the space before the next key: a key is the word right before an unescaped '='.
    /// An '=' after something that cannot be a key stays in the value (senders forget to escape it).
    /// </summary>
    private static Dictionary<string, string> ParseExtension(string extension)
    {
        var keys = new List<(int Start, int Sign)>();
        for (var i = 0; i < extension.Length; i++)
        {
            if (extension[i] == '\\')
            {
                i++;
                continue;
            }

            if (extension[i] != '=' || i == 0)
            {
                continue;
            }

            var start = extension.LastIndexOf(' ', i - 1) + 1;
            if (start < i && ExtensionKey().IsMatch(extension.AsSpan(start, i - start)))
            {
                keys.Add((start, i));
            }
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var k = 0; k < keys.Count; k++)
        {
            var (start, sign) = keys[k];
            var end = k + 1 < keys.Count ? keys[k + 1].Start - 1 : extension.Length;
            var value = end > sign ? extension[(sign + 1)..end] : string.Empty;
            pairs.TryAdd(extension[start..sign], Unescape(value.TrimEnd()));
        }

        return pairs;
    }

    private static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\' || i + 1 == value.Length)
            {
                text.Append(value[i]);
                continue;
            }

            var escaped = value[++i];
            text.Append(escaped switch
            {
                'n' => "\n",
                'r' => "\r",
                '=' or '\\' or '|' => escaped.ToString(),
                _ => "\\" + escaped,
            });
        }

        return text.ToString();
    }

    /// <summary>CEF's rt/start/end: epoch milliseconds, or "MMM dd yyyy HH:mm:ss[.SSS][ zone]".</summary>
    public static DateTimeOffset? Time(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (EventTimestamps.TryParse(text, out var standard))
        {
            return standard;
        }

        var match = CefDate().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var zone = match.Groups["zone"].Value;
        var offset = zone is "" or "UTC" or "GMT" or "Z" ? "+00:00" : zone.Length == 5 ? zone[..3] + ":" + zone[3..] : zone;
        var fraction = match.Groups["fraction"].Success ? "." + match.Groups["fraction"].Value : string.Empty;
        var normalised = $"{match.Groups["month"].Value} {match.Groups["day"].Value.PadLeft(2, '0')} {match.Groups["year"].Value} {match.Groups["time"].Value}{fraction} {offset}";
        return DateTimeOffset.TryParseExact(normalised, ["MMM dd yyyy HH:mm:ss zzz", "MMM dd yyyy HH:mm:ss.FFF zzz"],
            CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed.ToUniversalTime()
            : null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\[\]-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ExtensionKey();

    [GeneratedRegex(
        @"^(?<month>[A-Z][a-z]{2}) (?<day>\d{1,2}) (?<year>\d{4}) (?<time>\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d{1,3}))?(?: (?<zone>UTC|GMT|Z|[+-]\d{2}:?\d{2}))?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex CefDate();
}
