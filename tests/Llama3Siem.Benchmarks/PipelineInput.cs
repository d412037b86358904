using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Llama3Siem.Benchmarks;

/// <summary>
/// A large, realistic input for the deterministic pipeline, made from <c>samples/events.jsonl</c>: copy
/// <c>n</c> is shifted <see cref="CopySpacing"/> later in time, its hosts and users get a per-copy suffix and
/// its event ids a <c>-n</c> suffix. Copies never fall within one correlation window of each other, so the
/// stream correlates into many separate incidents the way a real one would, and every incident id is new.
/// Deterministic: the same sample and count give the same bytes.
/// </summary>
internal static partial class PipelineInput
{
    /// <summary>The sample spans about 4.5 hours; 6 hours apart leaves more than the 30-minute window between copies.</summary>
    public static readonly TimeSpan CopySpacing = TimeSpan.FromHours(6);

    // Leaf names (case-insensitive, after the last '.') of fields that name a host or an account.
    private static readonly HashSet<string> HostLeaves = new(StringComparer.OrdinalIgnoreCase)
    {
        "hostname", "computer_name", "computer", "device", "workstationname", "sourcehostname",
    };

    private static readonly HashSet<string> UserLeaves = new(StringComparer.OrdinalIgnoreCase)
    {
        "user", "username", "targetusername", "subjectusername", "accountname", "sourceuser", "targetuser", "samaccountname",
    };

    private static readonly HashSet<string> IdPaths = new(StringComparer.Ordinal) { "event.id", "eventID" };

    /// <summary>Writes <paramref name="eventCount"/> events (whole copies, then part of one) to <paramref name="path"/>.</summary>
    public static int Write(string samplePath, string path, int eventCount)
    {
        var sample = File.ReadAllLines(samplePath).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        var written = 0;
        for (var copy = 0; written < eventCount; copy++)
        {
            foreach (var line in sample)
            {
                if (written == eventCount)
                {
                    break;
                }

                writer.Write(Vary(line, copy));
                writer.Write('\n');
                written++;
            }
        }

        return written;
    }

    /// <summary>One sample line as copy <paramref name="copy"/> (copy 0 keeps times, names and ids).</summary>
    public static string Vary(string line, int copy)
    {
        var node = JsonNode.Parse(line) ?? throw new InvalidDataException("a sample line is null");
        if (copy == 0)
        {
            return node.ToJsonString();
        }

        Rewrite(node, string.Empty, copy);
        return node.ToJsonString();
    }

    private static void Rewrite(JsonNode node, string path, int copy)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    var childPath = path.Length == 0 ? key : path + "." + key;
                    if (child is JsonValue value)
                    {
                        obj[key] = RewriteValue(value, childPath, copy);
                    }
                    else if (child is not null)
                    {
                        Rewrite(child, childPath, copy);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value)
                    {
                        array[i] = RewriteValue(value, path, copy);
                    }
                    else if (array[i] is { } child)
                    {
                        Rewrite(child, path, copy);
                    }
                }

                break;
        }
    }

    private static JsonNode RewriteValue(JsonValue value, string path, int copy)
    {
        var shift = CopySpacing * copy;
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            // Unix epoch seconds (Zeek's ts and the like); other numbers stay as they are.
            var number = value.GetValue<double>();
            return number is > 946_684_800 and < 4_102_444_800 && path.EndsWith("ts", StringComparison.Ordinal)
                ? JsonValue.Create(number + shift.TotalSeconds)
                : value.DeepClone();
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            return value.DeepClone();
        }

        var text = value.GetValue<string>();
        var leaf = path[(path.LastIndexOf('.') + 1)..];
        if (IdPaths.Contains(path))
        {
            return JsonValue.Create($"{text}-{copy}");
        }

        if (IsoTime().Match(text) is { Success: true } iso)
        {
            var shifted = DateTime.ParseExact(iso.Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + shift;
            return JsonValue.Create(shifted.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + text[iso.Length..]);
        }

        if (SpaceTime().Match(text) is { Success: true } spaced)
        {
            var shifted = DateTime.ParseExact(spaced.Value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + shift;
            return JsonValue.Create(shifted.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + text[spaced.Length..]);
        }

        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var rfc1123))
        {
            return JsonValue.Create((rfc1123 + shift).ToString("r", CultureInfo.InvariantCulture));
        }

        if (path is "host" or "host.name" || HostLeaves.Contains(leaf))
        {
            return JsonValue.Create(SuffixFirstLabel(text, copy));
        }

        if (path is "user.name" || UserLeaves.Contains(leaf))
        {
            return JsonValue.Create(SuffixAccount(text, copy));
        }

        return value.DeepClone();
    }

    /// <summary><c>SRV-DC01.corp.example</c> -> <c>SRV-DC01-c7.corp.example</c>; addresses and "-" stay.</summary>
    private static string SuffixFirstLabel(string host, int copy)
    {
        if (host.Length < 2 || System.Net.IPAddress.TryParse(host, out _))
        {
            return host;
        }

        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? $"{host[..dot]}-c{copy}{host[dot..]}" : $"{host}-c{copy}";
    }

    /// <summary><c>CORP\j.doe</c> -> <c>CORP\j.doe7</c>, <c>j.doe@corp</c> -> <c>j.doe7@corp</c>; built-in accounts stay.</summary>
    private static string SuffixAccount(string user, int copy)
    {
        if (user.Length < 2 || user.EndsWith('$') || user.Contains(' ', StringComparison.Ordinal)
            || user.Equals("SYSTEM", StringComparison.OrdinalIgnoreCase) || user.Equals("root", StringComparison.Ordinal))
        {
            return user;
        }

        var at = user.IndexOf('@', StringComparison.Ordinal);
        return at > 0 ? $"{user[..at]}{copy}{user[at..]}" : $"{user}{copy}";
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")]
    private static partial Regex IsoTime();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")]
    private static partial Regex SpaceTime();
}
