using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Llama3Siem.Worker.Chat;

/// <summary>
/// AES-256-GCM over the JSON of a conversation's turns. The associated data is the conversation id and the
/// owning user, so a row moved to another user or id fails authentication instead of being read.
/// </summary>
internal sealed class ConversationCipher
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    private readonly byte[] _key;

    public ConversationCipher(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"The key must be {KeySize} bytes (got {key.Length}).", nameof(key));
        }

        _key = (byte[])key.Clone();
    }

    public SealedTurns Seal(string conversationId, string user, IReadOnlyList<ChatTurn> turns)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(turns as List<ChatTurn> ?? [.. turns], ChatJsonContext.Default.ListChatTurn);
        try
        {
            // A fresh random nonce per write: GCM's security rests on never reusing one under the same key.
            var nonce = RandomNumberGenerator.GetBytes(NonceSize);
            var ciphertext = new byte[plaintext.Length];
            var tag = new byte[TagSize];
            using var aes = new AesGcm(_key, TagSize);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(conversationId, user));
            return new SealedTurns(nonce, ciphertext, tag);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>The turns, or null when the row does not authenticate (wrong key, other user or id, tampering).</summary>
    public List<ChatTurn>? Open(string conversationId, string user, SealedTurns sealedTurns)
    {
        if (sealedTurns.Nonce.Length != NonceSize || sealedTurns.Tag.Length != TagSize)
        {
            return null;
        }

        var plaintext = new byte[sealedTurns.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedTurns.Nonce, sealedTurns.Ciphertext, sealedTurns.Tag, plaintext, AssociatedData(conversationId, user));
            return JsonSerializer.Deserialize(plaintext, ChatJsonContext.Default.ListChatTurn);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static byte[] AssociatedData(string conversationId, string user) => Encoding.UTF8.GetBytes(conversationId + "\n" + user);
}
