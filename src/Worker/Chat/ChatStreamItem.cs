namespace Llama3Siem.Worker.Chat;

/// <summary>
/// One item of a streamed answer: a piece of text as it is generated, or, last, the whole <see cref="ChatAnswer"/>.
/// </summary>
/// <remarks>
/// Streamed text never shows a citation of an incident or report that was not retrieved: a piece that may be the
/// start of an id is held back until it is complete and checked. Any word may start a report id (a schedule name
/// followed by the window's end), so text is shown a word at a time, once the word is complete. Whitespace around a removed citation can still
/// differ, so a client should replace the streamed text with <see cref="ChatAnswer.Answer"/> of the final item.
/// </remarks>
internal sealed record ChatStreamItem
{
    private ChatStreamItem(string? text, ChatAnswer? answer)
    {
        Text = text;
        Answer = answer;
    }

    /// <summary>The next piece of the answer's text; null on the final item.</summary>
    public string? Text { get; }

    /// <summary>The complete, cleaned answer; set on the final item only.</summary>
    public ChatAnswer? Answer { get; }

    public bool IsFinal => Answer is not null;

    public static ChatStreamItem Token(string text) => new(text, null);

    public static ChatStreamItem Final(ChatAnswer answer) => new(null, answer);
}
