using System.Text;

namespace Llama3Siem.TestModels;

/// <summary>
/// GPT-2's reversible byte-to-unicode mapping, used by byte-level BPE vocabularies (Llama 3's included):
/// printable Latin-1 bytes stand for themselves, the other bytes are shifted to code points from U+0100 on
/// (so a space is written 'Ġ' and a newline 'Ċ').
/// </summary>
public static class ByteLevelEncoding
{
    private static readonly char[] ByteToChar = BuildTable();

    public static char ToChar(byte value) => ByteToChar[value];

    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            builder.Append(ByteToChar[b]);
        }

        return builder.ToString();
    }

    private static char[] BuildTable()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)next++;
        }

        return table;
    }
}
