namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// Raw Windows event JSON as evtx_dump, Chainsaw and Hayabusa-style tools write it: <c>{"Event": {"#attributes":
/// ..., "System": ..., "EventData": ...}}</c>, read from the flattened record. Attributes sit under
/// "#attributes" and an element with attributes keeps its text under "#text"; some tools drop the
/// "#attributes" level, so both spellings are read.
/// </summary>
internal static class WindowsEventJsonReader
{
    public const string SystemPrefix = "Event.System.";
    private const string EventDataPrefix = "Event.EventData.";
    private const string UserDataPrefix = "Event.UserData.";
    private const string Attributes = "#attributes";
    private const string Text = "#text";

    // System elements whose children are all attributes, whatever the spelling.
    private static readonly HashSet<string> AttributeOnlyElements =
        ["Provider", "TimeCreated", "Execution", "Security", "Correlation"];

    public static RenderedWindowsEvent Read(FlattenedRecord record)
    {
        var rendered = new RenderedWindowsEvent();
        foreach (var (key, value) in record.Fields)
        {
            if (key.StartsWith(SystemPrefix, StringComparison.Ordinal))
            {
                AddSystem(rendered, key[SystemPrefix.Length..].Split('.'), value);
            }
            else if (key.StartsWith(EventDataPrefix, StringComparison.Ordinal))
            {
                AddEventData(rendered, record, key[EventDataPrefix.Length..], value);
            }
            else if (key.StartsWith(UserDataPrefix, StringComparison.Ordinal))
            {
                AddUserData(rendered, key[UserDataPrefix.Length..].Split('.'), value);
            }
            else if (key == "Event.RenderingInfo.Message")
            {
                rendered.Add("Message", value);
            }
        }

        return rendered;
    }

    private static void AddSystem(RenderedWindowsEvent rendered, string[] path, string value)
    {
        var element = path[0];
        switch (path.Length)
        {
            case 1:
                rendered.AddSystemElement(element, value);
                break;
            case 2 when path[1] == Text:
                rendered.AddSystemElement(element, value);
                break;
            case 2 when AttributeOnlyElements.Contains(element) || element == "EventID":
                rendered.AddSystemAttribute(element, path[1], value);
                break;
            case 3 when path[1] == Attributes:
                rendered.AddSystemAttribute(element, path[2], value);
                break;
        }
    }

    /// <summary>
    /// EventData as evtx_dump writes it (names straight under EventData), as an object of names under Data,
    /// as a list of {"#attributes": {"Name": ...}, "#text": ...}, or as one such object.
    /// </summary>
    private static void AddEventData(RenderedWindowsEvent rendered, FlattenedRecord record, string rest, string value)
    {
        if (rest.StartsWith(Attributes, StringComparison.Ordinal))
        {
            return;
        }

        if (!rest.StartsWith("Data", StringComparison.Ordinal) || (rest.Length > 4 && rest[4] != '.'))
        {
            rendered.AddData(rest, value);
            return;
        }

        var item = rest.Length > 4 ? rest[5..] : string.Empty;
        if (item.Length == 0 || item.All(char.IsAsciiDigit))
        {
            rendered.AddData(null, value);
        }
        else if (item == Text)
        {
            rendered.AddData(record.Text(EventDataPrefix + "Data.#attributes.Name"), value);
        }
        else if (item.EndsWith("." + Text, StringComparison.Ordinal) && item[..^(Text.Length + 1)].All(char.IsAsciiDigit))
        {
            rendered.AddData(record.Text($"{EventDataPrefix}Data.{item[..^(Text.Length + 1)]}.#attributes.Name"), value);
        }
        else if (!item.Contains(Attributes, StringComparison.Ordinal))
        {
            rendered.AddData(item, value);
        }
    }

    /// <summary>UserData holds one element of the provider's own schema; its children become fields.</summary>
    private static void AddUserData(RenderedWindowsEvent rendered, string[] path, string value)
    {
        var names = path.Skip(1).Where(p => p != Text).ToList();
        if (names.Count > 0 && !names.Contains(Attributes))
        {
            rendered.Add(string.Join('.', names), value);
        }
    }
}
