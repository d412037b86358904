namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// A record's scalar values under dotted names. Nested objects and dotted keys end up under the same name,
/// so <c>{"host":{"name":"x"}}</c> and <c>{"host.name":"x"}</c> read alike; the first occurrence of a name wins.
/// </summary>
internal sealed class FlattenedRecord
{
    private readonly Dictionary<string, string> _fields;
    private Dictionary<string, string>? _ignoringCase;

    public FlattenedRecord(Dictionary<string, string> fields) => _fields = fields;

    /// <summary>The verbatim values (numbers and booleans as their JSON text).</summary>
    public IReadOnlyDictionary<string, string> Fields => _fields;

    public bool Has(string name) => _fields.ContainsKey(name);

    public bool HasAny(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (_fields.ContainsKey(name))
            {
                return true;
            }
        }

        return false;
    }

    public bool HasPrefix(string prefix)
    {
        foreach (var key in _fields.Keys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The trimmed value, or null when the field is missing, empty or "-".</summary>
    public string? Text(string name) => Meaningful(_fields.GetValueOrDefault(name));

    /// <summary>The first meaningful value among <paramref name="names"/>, in order.</summary>
    public string? FirstText(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            var value = Text(name);
            if (value is not null)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Like <see cref="FirstText"/> but matching names case-insensitively (for free-form JSON).</summary>
    public string? FirstTextIgnoringCase(params ReadOnlySpan<string> names)
    {
        _ignoringCase ??= BuildCaseInsensitiveView();
        foreach (var name in names)
        {
            var value = Meaningful(_ignoringCase.GetValueOrDefault(name));
            if (value is not null)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Empty and "-" (the Windows event log's placeholder) mean absent; everything else is trimmed.</summary>
    public static string? Meaningful(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var trimmed = raw.Trim();
        return trimmed.Length == 0 || trimmed == "-" ? null : trimmed;
    }

    private Dictionary<string, string> BuildCaseInsensitiveView()
    {
        var view = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in _fields)
        {
            view.TryAdd(name, value);
        }

        return view;
    }
}
