namespace Llama3Siem.Worker.Chat;

/// <summary>
/// Conversation history kept in this process only: used when no <c>Chat:EncryptionKey</c> is configured, so that
/// nothing unencrypted is written to disk. Lost on restart; bounded in turns per conversation and in conversations.
/// </summary>
internal sealed class InMemoryConversationStore(TimeProvider? timeProvider = null) : IConversationStore
{
    private readonly Dictionary<(string Id, string User), (List<ChatTurn> Turns, DateTimeOffset Used)> _conversations = [];
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    public Task<IReadOnlyList<ChatTurn>> LoadAsync(string conversationId, string user, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ChatTurn>>(
                _conversations.TryGetValue((conversationId, user), out var entry) ? [.. entry.Turns] : []);
        }
    }

    public Task AppendAsync(string conversationId, string user, IReadOnlyList<ChatTurn> turns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turns);
        lock (_lock)
        {
            var key = (conversationId, user);
            var stored = _conversations.TryGetValue(key, out var entry) ? entry.Turns : [];
            _conversations[key] = (ConversationLimits.Append(stored, turns), _timeProvider.GetUtcNow());
            if (_conversations.Count > ConversationLimits.MaxInMemoryConversations)
            {
                _conversations.Remove(_conversations.MinBy(c => c.Value.Used).Key);
            }
        }

        return Task.CompletedTask;
    }
}
