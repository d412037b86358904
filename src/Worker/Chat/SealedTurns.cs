namespace Llama3Siem.Worker.Chat;

/// <summary>What is stored for one conversation: nonce, ciphertext and authentication tag.</summary>
internal sealed record SealedTurns(byte[] Nonce, byte[] Ciphertext, byte[] Tag);
