using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Knowledge;

/// <summary>
/// Read-only views of a <see cref="SecurityEvent"/> that detection rules share: the event code whatever
/// the source called it, a field under any of its usual names, and the text a rule matches against.
/// </summary>
internal static class EventFacts
{
    // Every rule asks for the same code and texts of the same event; within a Memoize scope they are derived once.
    [ThreadStatic]
    private static Dictionary<SecurityEvent, DerivedFacts>? t_memo;

    [ThreadStatic]
    private static bool t_memoActive;

    /// <summary>
    /// Until the returned scope is disposed, <see cref="Code"/>, <see cref="ProcessText"/> and
    /// <see cref="AllText"/> are computed once per event (by reference) on this thread. Nested scopes share
    /// the outermost one.
    /// </summary>
    public static MemoScope Memoize()
    {
        if (t_memoActive)
        {
            return new MemoScope(owner: false);
        }

        t_memo ??= new Dictionary<SecurityEvent, DerivedFacts>(ReferenceEqualityComparer.Instance);
        t_memoActive = true;
        return new MemoScope(owner: true);
    }

    /// <summary>Windows event id / ECS event.code as text, or null.</summary>
    public static string? Code(SecurityEvent evt)
    {
        if (Derived(evt) is not { } facts)
        {
            return ComputeCode(evt);
        }

        if (!facts.CodeKnown)
        {
            facts.Code = ComputeCode(evt);
            facts.CodeKnown = true;
        }

        return facts.Code;
    }

    private static string? ComputeCode(SecurityEvent evt) =>
        evt.Action is { Length: > 0 } action && action.All(char.IsAsciiDigit)
            ? action
            : Field(evt, "event.code", "winlog.event_id", "EventID");

    private static DerivedFacts? Derived(SecurityEvent evt)
    {
        if (!t_memoActive || t_memo is not { } memo)
        {
            return null;
        }

        if (!memo.TryGetValue(evt, out var facts))
        {
            facts = new DerivedFacts();
            memo.Add(evt, facts);
        }

        return facts;
    }

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
        Derived(evt) is { } facts ? facts.ProcessText ??= ComputeProcessText(evt) : ComputeProcessText(evt);

    private static string ComputeProcessText(SecurityEvent evt) =>
        string.Join('\n', new[] { evt.ProcessName, evt.CommandLine, evt.ParentProcessName }.Where(s => !string.IsNullOrEmpty(s)));

    /// <summary>Everything a content rule may match: process text, rule name, message and script block.</summary>
    public static string AllText(SecurityEvent evt) =>
        Derived(evt) is { } facts ? facts.AllText ??= ComputeAllText(evt) : ComputeAllText(evt);

    private static string ComputeAllText(SecurityEvent evt) =>
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

    /// <summary>Ends a <see cref="Memoize"/> scope: the outermost one forgets the events it saw.</summary>
    public readonly struct MemoScope(bool owner) : IDisposable
    {
        public void Dispose()
        {
            if (owner)
            {
                t_memoActive = false;
                t_memo?.Clear();
            }
        }
    }

    private sealed class DerivedFacts
    {
        public bool CodeKnown { get; set; }

        public string? Code { get; set; }

        public string? ProcessText { get; set; }

        public string? AllText { get; set; }
    }
}
