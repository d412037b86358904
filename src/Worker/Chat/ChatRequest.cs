namespace Llama3Siem.Worker.Chat;

/// <summary>
/// One question to the chat channel.
/// </summary>
/// <param name="Messages">The new turns from the client, oldest first, all of role <c>user</c>; the last one is answered.
/// Earlier turns of the conversation come from the server's own history, never from the client.</param>
/// <param name="ConversationId">A conversation this user started earlier, or null to start a new one.</param>
/// <param name="IncidentId">An incident to talk about: the answer is grounded on it (and on ids the question names)
/// instead of on a search.</param>
internal sealed record ChatRequest(IReadOnlyList<ChatMessage> Messages, string? ConversationId = null, string? IncidentId = null);
