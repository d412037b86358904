namespace Llama3Siem.Worker.Chat;

/// <summary>
/// A chat request that cannot be answered. The message names the field at fault (<c>messages[1].role</c>) and is
/// safe to show to the client: it never contains message or incident text.
/// </summary>
internal sealed class ChatRequestException : Exception
{
    public ChatRequestException(ChatRequestErrorKind kind, string message)
        : base(message) => Kind = kind;

    public ChatRequestException()
    {
    }

    public ChatRequestException(string message)
        : base(message)
    {
    }

    public ChatRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ChatRequestErrorKind Kind { get; }

    public static ChatRequestException BadRequest(string message) => new(ChatRequestErrorKind.BadRequest, message);

    public static ChatRequestException NotFound(string message) => new(ChatRequestErrorKind.NotFound, message);
}
