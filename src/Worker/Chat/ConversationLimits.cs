namespace Llama3Siem.Worker.Chat;

/// <summary>Bounds on what the conversation stores keep.</summary>
internal static class ConversationLimits
{
    /// <summary>
    /// Turns kept per conversation. The token budget bounds the prompt, not storage; this bounds storage, well
    /// beyond what any prompt can hold.
    /// </summary>
    public const int MaxStoredTurns = 200;

    /// <summary>Conversations the in-memory store keeps; the least recently updated go first.</summary>
    public const int MaxInMemoryConversations = 10_000;

    /// <summary>Appends <paramref name="added"/> and keeps the newest <see cref="MaxStoredTurns"/>.</summary>
    public static List<ChatTurn> Append(IReadOnlyList<ChatTurn> stored, IReadOnlyList<ChatTurn> added)
    {
        var all = new List<ChatTurn>(stored.Count + added.Count);
        all.AddRange(stored);
        all.AddRange(added);
        if (all.Count > MaxStoredTurns)
        {
            all.RemoveRange(0, all.Count - MaxStoredTurns);
        }

        return all;
    }
}
