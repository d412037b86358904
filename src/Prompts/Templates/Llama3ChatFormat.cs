using System.Text;

namespace Llama3Siem.Prompts.Templates;

/// <summary>
/// The Llama 3 / 3.1 Instruct chat format as Meta defines it: a <c>&lt;|begin_of_text|&gt;</c>, then for each
/// message a header (<c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;</c> and a blank line), the content and
/// <c>&lt;|eot_id|&gt;</c>; a prompt for a reply ends with an open assistant header.
/// </summary>
public static class Llama3ChatFormat
{
    public const string BeginOfText = "<|begin_of_text|>";
    public const string StartHeader = "<|start_header_id|>";
    public const string EndHeader = "<|end_header_id|>";
    public const string EndOfTurn = "<|eot_id|>";

    public static string Header(string role) => $"{StartHeader}{role}{EndHeader}\n\n";

    /// <summary>Renders messages (content already sanitised) and opens the assistant's turn.</summary>
    public static string Render(IEnumerable<(string Role, string Content)> messages)
    {
        var text = new StringBuilder(BeginOfText);
        foreach (var (role, content) in messages)
        {
            text.Append(Header(role)).Append(content).Append(EndOfTurn);
        }

        return text.Append(Header("assistant")).ToString();
    }
}
