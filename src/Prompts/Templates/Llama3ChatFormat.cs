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

    /// <summary>
    /// Renders messages and opens the assistant's turn. Message content is content, never markup, whatever it
    /// contains (see <see cref="TemplatedPrompt"/>).
    /// </summary>
    /// <param name="stableMessages">How many leading messages form the stable prefix (0: none).</param>
    public static TemplatedPrompt Render(IEnumerable<(string Role, string Content)> messages, int stableMessages = 0)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prompt = new Llama3PromptBuilder();
        var count = 0;
        foreach (var (role, content) in messages)
        {
            prompt.Message(role, content);
            if (++count == stableMessages)
            {
                prompt.StableUpToHere();
            }
        }

        return prompt.OpenAssistantTurn();
    }
}
