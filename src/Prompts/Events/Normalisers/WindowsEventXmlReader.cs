using System.Text;
using System.Xml;

namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// The XML the Windows event log renders (<c>&lt;Event xmlns=...&gt;&lt;System&gt;...&lt;/System&gt;&lt;EventData&gt;...</c>),
/// as collectors forward it in a string field. The XML is attacker-influenced text: no DTD, no resolver,
/// a bounded size, so that entity expansion or external fetches are refused before any work is done.
/// </summary>
internal static class WindowsEventXmlReader
{
    /// <summary>Largest XML read, in characters; a rendered event is a few KiB.</summary>
    public const int MaxCharacters = 1_048_576;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxCharacters,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = true,
    };

    /// <summary>Whether <paramref name="text"/> looks like a rendered event, before it is parsed.</summary>
    public static bool LooksLikeEvent(string text) =>
        text.StartsWith("<Event", StringComparison.Ordinal)
        || (text.StartsWith("<?xml", StringComparison.Ordinal) && text.Contains("<Event", StringComparison.Ordinal));

    /// <exception cref="UnusableRecordException">The XML has a DTD, is too large or is not well formed.</exception>
    public static RenderedWindowsEvent Read(string xml)
    {
        if (xml.Length > MaxCharacters)
        {
            throw Refused($"larger than {MaxCharacters} characters");
        }

        if (xml.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
        {
            throw Refused("a DTD is not allowed");
        }

        var rendered = new RenderedWindowsEvent();
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), Settings);
            Walk(reader, rendered);
        }
        catch (XmlException ex)
        {
            // The exception's message can quote the document; only the position is repeated.
            throw Refused($"not well formed at line {ex.LineNumber}, position {ex.LinePosition}");
        }

        return rendered;
    }

    private static void Walk(XmlReader reader, RenderedWindowsEvent rendered)
    {
        var path = new List<string>();
        var text = new StringBuilder();
        Action<string>? store = null;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (path.Count == 0 && reader.LocalName != "Event")
                    {
                        throw Refused("the root element is not Event");
                    }

                    path.Add(reader.LocalName);
                    text.Clear();
                    store = Target(path, reader, rendered);
                    if (reader.IsEmptyElement)
                    {
                        path.RemoveAt(path.Count - 1);
                        store = null;
                    }

                    break;

                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.SignificantWhitespace:
                    text.Append(reader.Value);
                    break;

                case XmlNodeType.EndElement:
                    store?.Invoke(text.ToString());
                    store = null;
                    text.Clear();
                    path.RemoveAt(path.Count - 1);
                    break;
            }
        }
    }

    /// <summary>Records the element's attributes and says where its text goes, if anywhere.</summary>
    private static Action<string>? Target(List<string> path, XmlReader reader, RenderedWindowsEvent rendered)
    {
        var section = path.Count > 1 ? path[1] : null;
        var element = path[^1];
        switch (section)
        {
            case "System" when path.Count == 3:
                while (reader.MoveToNextAttribute())
                {
                    if (reader.Prefix != "xmlns" && reader.LocalName != "xmlns")
                    {
                        rendered.AddSystemAttribute(element, reader.LocalName, reader.Value);
                    }
                }

                reader.MoveToElement();
                return value => rendered.AddSystemElement(element, value);

            case "EventData" when path.Count == 3:
                var name = reader.GetAttribute("Name");
                return element == "Data" ? value => rendered.AddData(name, value) : value => rendered.Add(element, value);

            case "UserData" when path.Count > 3:
                var field = string.Join('.', path.Skip(3));
                return value => rendered.Add(field, value);

            case "RenderingInfo" when path.Count == 3 && element == "Message":
                return value => rendered.Add("Message", value);

            default:
                return null;
        }
    }

    private static UnusableRecordException Refused(string why) => new(RecordRejections.WindowsXmlRefused(why));
}
