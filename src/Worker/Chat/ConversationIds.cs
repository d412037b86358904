using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Llama3Siem.Worker.Chat;

/// <summary>
/// Conversation ids are ours: <c>conv-</c> and 16 random bytes in hex. Clients cannot pick them, so an id
/// cannot be guessed, and a client-sent id that does not have this form is refused before it reaches a store.
/// </summary>
internal static partial class ConversationIds
{
    public static string New() => "conv-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsWellFormed(string id) => WellFormed().IsMatch(id);

    [GeneratedRegex("^conv-[0-9a-f]{32}$")]
    private static partial Regex WellFormed();
}
