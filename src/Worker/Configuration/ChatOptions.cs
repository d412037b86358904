using Llama3Siem.Prompts.Templates;

namespace Llama3Siem.Worker.Configuration;

/// <summary>
/// The analysts' chat channel. Section <c>Chat</c>.
/// </summary>
/// <remarks>
/// <para>Conversation history holds incident data, so on disk it is always encrypted (AES-256-GCM). The rule:
/// with <see cref="EncryptionKey"/> set, history is kept in the SQLite file <see cref="HistoryPath"/> and
/// survives a restart; with it empty (the default, so that the embedded first run needs no configuration),
/// history is kept in memory only, is lost on restart, and a Warning says so once. The worker never generates a
/// key by itself: a key it invented and stored next to the data would protect nothing. Operators who need
/// history to survive a restart set <see cref="RequirePersistentHistory"/>, and a missing key then fails
/// validation naming <c>Chat:EncryptionKey</c>.</para>
/// </remarks>
public sealed class ChatOptions
{
    public const string SectionName = "Chat";

    /// <summary>
    /// Most tokens of one chat prompt: system prompt, retrieved incidents, history and the question. Default 4096
    /// (<see cref="ChatHistoryWindow.DefaultTokenBudget"/>). With a model, the prompt is further held to the
    /// model's context less <see cref="MaxTokens"/>.
    /// </summary>
    public int TokenBudget { get; set; } = ChatHistoryWindow.DefaultTokenBudget;

    /// <summary>
    /// The base64 of exactly 32 random bytes (for example <c>openssl rand -base64 32</c>): the AES-256-GCM key of
    /// stored conversation history. Empty (the default): history in memory only (see the remarks).
    /// </summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Refuse to start without <see cref="EncryptionKey"/> rather than keep history in memory. Default false.</summary>
    public bool RequirePersistentHistory { get; set; }

    /// <summary>The SQLite file of encrypted conversation history, used when a key is set. Default <c>.data/chat.db</c>.</summary>
    public string HistoryPath { get; set; } = ".data/chat.db";

    /// <summary>Incidents one answer may draw on (the named one, ids in the question, search hits). Default 5.</summary>
    public int MaxRetrievedIncidents { get; set; } = 5;

    /// <summary>Longest message an analyst may send, in characters. Default 8000.</summary>
    public int MaxMessageChars { get; set; } = 8000;

    /// <summary>Most tokens generated for one answer. Default 512.</summary>
    public int MaxTokens { get; set; } = 512;

    /// <summary>The key's bytes, or null when no key is set. Call only on validated options.</summary>
    public byte[]? EncryptionKeyBytes() =>
        string.IsNullOrWhiteSpace(EncryptionKey) ? null : Convert.FromBase64String(EncryptionKey.Trim());
}
