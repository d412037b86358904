namespace Llama3Siem.Worker.Chat;

/// <summary>How an HTTP layer should answer a <see cref="ChatRequestException"/>.</summary>
internal enum ChatRequestErrorKind
{
    /// <summary>The request itself is wrong (400).</summary>
    BadRequest,

    /// <summary>The incident or conversation it names does not exist for this user (404).</summary>
    NotFound,
}
