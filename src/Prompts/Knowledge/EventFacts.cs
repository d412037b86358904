using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Knowledge;

/// <summary>
/// Read-only views of a <see cref="SecurityEvent"/> that detection rules share: the event code whatever
/// the source called it, a field under any of its usual names, and the text a rule matches against.
/// </summary>
internal static class EventFacts
{
    /// <summary>Windows event id / ECS event.code as text, or null.</summary>
    public static string? Code(SecurityEvent evt) =>
        evt.Action is { Length: > 0 } action && action.All(char.IsAsciiDigit)
            ? action
            : Field(evt, "event.code", "winlog.event_id", "EventID");

    public static bool HasCode(SecurityEvent evt, params string[] codes) =>
        Code(evt) is { } code && codes.Contains(code, StringComparer.Ordinal);

    /// <summary>The first non-empty field among the names given (exact, then case-insensitive match).</summary>
    public static string? Field(SecurityEvent evt, params string[] names)
    {
        foreach (var name in names)
        {
            if (evt.Fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }

        foreach (var name in names)
        {
            foreach (var (key, value) in evt.Fields)
            {
                if (!string.IsNullOrWhiteSpace(value)
                    && (key.Equals(name, StringComparison.OrdinalIgnoreCase)
                        || key.EndsWith("." + name, StringComparison.OrdinalIgnoreCase)))
                {
                    return value;
                }
            }
        }

        return null;
    }

    /// <summary>Process image, command line and parent together: what process rules look at.</summary>
    public static string ProcessText(SecurityEvent evt) =>
        string.Join('\n', new[] { evt.ProcessName, evt.CommandLine, evt.ParentProcessName }.Where(s => !string.IsNullOrEmpty(s)));

    /// <summary>Everything a content rule may match: process text, rule name, message and script block.</summary>
    public static string AllText(SecurityEvent evt) =>
        string.Join('\n', new[]
        {
            evt.ProcessName, evt.CommandLine, evt.ParentProcessName, evt.RuleName, evt.Message,
            Field(evt, "ScriptBlockText", "powershell.file.script_block_text"),
        }.Where(s => !string.IsNullOrEmpty(s)));

    public static bool ImageIs(string? path, params string[] executables)
    {
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        var name = path.Replace('/', '\\');
        var slash = name.LastIndexOf('\\');
        name = slash >= 0 ? name[(slash + 1)..] : name;
        return executables.Any(e => name.Equals(e, StringComparison.OrdinalIgnoreCase));
    }
}
