using System.Text.Json.Serialization;

namespace Llama3Siem.Worker.Chat;

/// <summary>One stored turn of a conversation: the analyst's message as sent, or our cleaned answer.</summary>
internal sealed record ChatTurn(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("time")] DateTimeOffset Time)
{
    public const string User = "user";
    public const string Assistant = "assistant";
}
