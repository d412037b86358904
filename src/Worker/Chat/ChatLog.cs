using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Chat;

/// <summary>Chat log events. None carries message, answer or incident text: ids, counts and timings only.</summary>
internal static partial class ChatLog
{
    [LoggerMessage(7001, LogLevel.Warning,
        "Chat:EncryptionKey is not set: conversation history is kept in memory only and is lost when the worker stops")]
    public static partial void HistoryInMemoryOnly(ILogger logger);

    [LoggerMessage(7002, LogLevel.Information, "Chat history store opened at {Path}")]
    public static partial void HistoryStoreOpened(ILogger logger, string path);

    [LoggerMessage(7003, LogLevel.Warning,
        "Conversation {ConversationId} could not be decrypted (another key, or a row moved between users); treated as not found")]
    public static partial void HistoryUnreadable(ILogger logger, string conversationId);

    [LoggerMessage(7004, LogLevel.Information,
        "Chat answer for conversation {ConversationId}: {Retrieved} incidents and {Reports} reports retrieved, "
        + "{PromptTokens} prompt tokens of {TokenBudget}, {HistoryTurns} history turns kept and {DroppedTurns} dropped, "
        + "{Citations} citations kept and {RemovedCitations} removed, model: {ModelAnswered}, {ElapsedMs:F0} ms")]
    public static partial void Answered(
        ILogger logger, string conversationId, int retrieved, int reports, int promptTokens, int tokenBudget, int historyTurns, int droppedTurns,
        int citations, int removedCitations, bool modelAnswered, double elapsedMs);

    [LoggerMessage(7005, LogLevel.Debug, "Chat retrieval: {Explicit} named incidents, {Searched} found by {Terms} search terms")]
    public static partial void Retrieved(ILogger logger, int @explicit, int searched, int terms);

    [LoggerMessage(7006, LogLevel.Debug, "Chat retrieval: {Named} report ids named, {Retrieved} reports retrieved")]
    public static partial void ReportsRetrieved(ILogger logger, int named, int retrieved);

    [LoggerMessage(7007, LogLevel.Warning, "Stored report {ReportId} could not be read back; left out of the chat context")]
    public static partial void ReportUnreadable(ILogger logger, string reportId);
}
