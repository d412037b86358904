using System.Text.Json.Serialization;

namespace Llama3Siem.Worker.Chat;

/// <summary>The JSON of stored turns (the plaintext that is encrypted).</summary>
[JsonSerializable(typeof(List<ChatTurn>))]
internal sealed partial class ChatJsonContext : JsonSerializerContext;
