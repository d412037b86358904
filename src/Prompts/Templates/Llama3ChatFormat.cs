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
    public const string EndOfText = "<|end_of_text|>";
    public const string FinetuneRightPad = "<|finetune_right_pad_id|>";
    public const string EndOfMessage = "<|eom_id|>";
    public const string PythonTag = "<|python_tag|>";

    /// <summary>The number of <c>&lt;|reserved_special_token_N|&gt;</c> in the Llama 3.1 tokenizer (N = 0..247).</summary>
    public const int ReservedSpecialTokenCount = 248;

    /// <summary>
    /// The text of every Llama 3 / 3.1 special token (ids 128000 to 128255): the named ones, then the reserved
    /// ones. A server that parses special tokens in message content turns any of these into a control token,
    /// so untrusted text must never carry one (<see cref="UntrustedText"/>).
    /// </summary>
    public static IReadOnlyList<string> SpecialTokenTexts { get; } =
    [
        BeginOfText, EndOfText, FinetuneRightPad, StartHeader, EndHeader, EndOfMessage, EndOfTurn, PythonTag,
        .. Enumerable.Range(0, ReservedSpecialTokenCount).Select(ReservedSpecialToken),
    ];

    public static string ReservedSpecialToken(int n) => $"<|reserved_special_token_{n}|>";

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
