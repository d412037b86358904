namespace Llama3Siem.Worker.Chat;

/// <summary>One message from the client. Clients may only send role <c>user</c>; the rest of the conversation is ours.</summary>
internal sealed record ChatMessage(string Role, string Content);
