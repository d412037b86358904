using Llama3Siem.Worker.Inference;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Configuration;

/// <summary>Checks the <c>Chat</c> section. Messages name settings and sizes, never the key itself.</summary>
internal sealed class ChatOptionsValidator(IOptions<LlamaOptions> llama) : IValidateOptions<ChatOptions>
{
    public const int KeyBytes = 32;

    /// <summary>The smallest prompt a chat question is given: instructions, some context and the question.</summary>
    public const int MinimumPromptTokens = 1024;

    public ValidateOptionsResult Validate(string? name, ChatOptions options)
    {
        var errors = new SettingErrors();
        errors.Require(options.TokenBudget is >= 1024 and <= 131_072, "Chat:TokenBudget", $"must be between 1024 and 131072 (got {options.TokenBudget}).");
        errors.Require(options.MaxRetrievedIncidents is >= 1 and <= 50, "Chat:MaxRetrievedIncidents", $"must be between 1 and 50 (got {options.MaxRetrievedIncidents}).");
        errors.Require(options.MaxMessageChars is >= 1 and <= 100_000, "Chat:MaxMessageChars", $"must be between 1 and 100000 (got {options.MaxMessageChars}).");
        errors.Require(options.MaxTokens is >= 1 and <= 4096, "Chat:MaxTokens", $"must be between 1 and 4096 (got {options.MaxTokens}).");
        var context = llama.Value.ContextSize;
        errors.Require(string.IsNullOrWhiteSpace(llama.Value.ModelPath) || options.MaxTokens < context / 2,
            "Chat:MaxTokens", $"must leave at least half of Llama:ContextSize for the prompt (got {options.MaxTokens} of {context}).");

        // The instructions, the context and the question need room: below this every question would fail at run time.
        var promptRoom = Math.Min(context, llama.Value.KvCacheTokens) - options.MaxTokens;
        errors.Require(string.IsNullOrWhiteSpace(llama.Value.ModelPath) || promptRoom >= MinimumPromptTokens,
            "Chat:MaxTokens", $"must leave at least {MinimumPromptTokens} prompt tokens in Llama:ContextSize and Llama:KvCacheTokens (got {promptRoom}).");

        if (string.IsNullOrWhiteSpace(options.EncryptionKey))
        {
            errors.Require(!options.RequirePersistentHistory, "Chat:EncryptionKey",
                $"must be set (the base64 of {KeyBytes} random bytes) when Chat:RequirePersistentHistory is true.");
        }
        else
        {
            var length = DecodedLength(options.EncryptionKey);
            errors.Require(length is not null, "Chat:EncryptionKey", $"must be the base64 of {KeyBytes} bytes (it is not valid base64).");
            errors.Require(length is null or KeyBytes, "Chat:EncryptionKey", $"must be the base64 of {KeyBytes} bytes (got {length} bytes).");
            errors.Require(!string.IsNullOrWhiteSpace(options.HistoryPath), "Chat:HistoryPath", "must be a database file path when Chat:EncryptionKey is set.");
        }

        return errors.Result();
    }

    private static int? DecodedLength(string key)
    {
        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key.Trim(), buffer, out var written) ? written : null;
    }
}
