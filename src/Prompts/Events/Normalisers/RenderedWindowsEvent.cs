namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// A Windows event as the event log renders it (System, EventData or UserData, RenderingInfo), read from raw
/// JSON or XML into the flat names the Windows normaliser and Sigma rules use: the Data names as they are
/// (Image, CommandLine, TargetUserName), System elements by their own names (EventID, Channel, Computer,
/// EventRecordID, Level, Task, Keywords), and System attributes as element_attribute (Provider_Name,
/// Execution_ProcessID, Security_UserID), with TimeCreated holding TimeCreated's SystemTime.
/// </summary>
internal sealed class RenderedWindowsEvent
{
    public const string SystemTimeAttribute = "SystemTime";

    private static readonly WindowsEventNormaliser Flat = new();

    private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);
    private int _unnamedData;

    public bool HasSystem { get; private set; }

    /// <summary>A System element's text (EventID, Channel, Computer...).</summary>
    public void AddSystemElement(string element, string value)
    {
        HasSystem = true;
        _fields.TryAdd(element, value);
        if (element == "Provider")
        {
            // Some tools write the provider as plain text rather than its Name attribute.
            _fields.TryAdd("Provider_Name", value);
        }
    }

    /// <summary>A System element's attribute (Provider Name, TimeCreated SystemTime, Execution ProcessID...).</summary>
    public void AddSystemAttribute(string element, string attribute, string value)
    {
        HasSystem = true;
        _fields.TryAdd($"{element}_{attribute}", value);
        if (element == "TimeCreated" && attribute == SystemTimeAttribute)
        {
            _fields.TryAdd(element, value);
        }
        else if (element == "EventID")
        {
            // Qualifiers are the high word of the classic event id; Sigma and NXLog call them that.
            _fields.TryAdd(attribute, value);
        }
    }

    /// <summary>An EventData Data item; one without a Name gets Data_0, Data_1, ... in order.</summary>
    public void AddData(string? name, string value) =>
        _fields.TryAdd(FlattenedRecord.Meaningful(name) ?? $"Data_{_unnamedData++}", value);

    /// <summary>A UserData or RenderingInfo value under the name it is known by.</summary>
    public void Add(string name, string value) => _fields.TryAdd(name, value);

    /// <summary>
    /// The flat Windows reading of these fields, with the id made of provider, channel, record id and
    /// computer, so that replaying an export overwrites its events instead of adding them again.
    /// </summary>
    public NormalisedEvent? Normalise(FlattenedRecord wrapper)
    {
        if (!HasSystem)
        {
            return null;
        }

        // The wrapper's own time (@timestamp of a forwarder) is a fallback behind TimeCreated.
        foreach (var name in (ReadOnlySpan<string>)["@timestamp", "Message", "message"])
        {
            if (wrapper.Text(name) is { } value)
            {
                _fields.TryAdd(name == "message" ? "Message" : name, value);
            }
        }

        var flat = new FlattenedRecord(_fields);
        var normalised = Flat.Normalise(flat);
        return normalised is null ? null : normalised with { SourceId = Id(flat), AddedFields = _fields };
    }

    private static string? Id(FlattenedRecord flat)
    {
        var recordId = flat.Text("EventRecordID");
        if (recordId is null)
        {
            return null;
        }

        string?[] parts = [flat.Text("Provider_Name"), flat.Text("Channel"), recordId, flat.Text("Computer")];
        return string.Join(':', parts.Where(p => p is not null));
    }
}
