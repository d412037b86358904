namespace Llama3Siem.Worker.Chat;

/// <summary>
/// Conversation history, per conversation id and owning user. A conversation is visible only to the user who
/// started it: another user asking for the same id gets nothing.
/// </summary>
internal interface IConversationStore
{
    /// <summary>The stored turns, oldest first; empty when the conversation does not exist for this user or cannot be read.</summary>
    Task<IReadOnlyList<ChatTurn>> LoadAsync(string conversationId, string user, CancellationToken cancellationToken);

    /// <summary>
    /// Adds turns to the conversation (creating it), as one atomic step, so that two requests on the same
    /// conversation cannot overwrite each other's turns. Only the newest <see cref="ConversationLimits.MaxStoredTurns"/> are kept.
    /// </summary>
    Task AppendAsync(string conversationId, string user, IReadOnlyList<ChatTurn> turns, CancellationToken cancellationToken);
}
