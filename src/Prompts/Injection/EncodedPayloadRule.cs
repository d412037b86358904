using System.Buffers;
using System.Text;

namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// Base64 runs (standard or URL-safe, at least <see cref="MinRunChars"/> characters) whose decoded bytes are
/// text, UTF-8 or UTF-16LE (PowerShell's -EncodedCommand), holding injection of any other kind. The span is the
/// run, reported as <see cref="InjectionKinds.Encoded"/> and as each kind found inside.
/// </summary>
/// <remarks>
/// Runs are found in folded text, so zero-width characters cannot split one. A run that decodes to binary (a
/// certificate, a key, a compressed blob) or to text without injection (an ordinary encoded script) is
/// nothing. Decoded text is scanned by the whole detector, one level deeper, so base64 inside base64 is found
/// up to the detector's depth limit.
/// </remarks>
internal sealed class EncodedPayloadRule : IInjectionRule
{
    public const int MinRunChars = 24;
    private const double MinPrintableShare = 0.9;
    private const double MinUtf16ZeroShare = 0.8;
    private const int Alignments = 4;

    /// <summary>Runs up to this long (ids, hashes, short payloads) are decoded in scratch space on the stack.</summary>
    private const int MaxStackRunChars = 256;

    /// <summary>Nothing is decoded from a run shorter than <see cref="MinRunChars"/>.</summary>
    public Prerequisite Needs { get; } = new(TextFeatures.Base64Run);

    public void Find(TextScan scan)
    {
        var text = scan.Text.Text;
        var i = 0;
        while (i < text.Length)
        {
            if (!IsBase64Char(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsBase64Char(text[i]))
            {
                i++;
            }

            var end = i;
            while (i < text.Length && text[i] == '=' && i - end < 2)
            {
                i++;
            }

            if (end - start < MinRunChars)
            {
                continue;
            }

            var kinds = KindsInside(scan, text.AsSpan(start, end - start));
            if (kinds.Count > 0)
            {
                scan.AddFolded(InjectionKinds.Encoded, start, i);
                foreach (var kind in kinds)
                {
                    scan.AddFolded(kind, start, i);
                }
            }
        }
    }

    /// <summary>
    /// The kinds of injection in what the run decodes to. A run may carry up to three glued-on characters
    /// before the payload ("x-", "=", a word's end), which shift its alignment, so each of the four alignments
    /// is tried; only one of them can decode to text.
    /// </summary>
    private static List<string> KindsInside(TextScan scan, ReadOnlySpan<char> run)
    {
        // Most runs are ids and hashes that decode to binary: decoding them works in scratch space (on the stack
        // for runs of the usual length) and allocates nothing. The base64 text takes run.Length + 2 characters at
        // most, its bytes run.Length, and the text they decode to run.Length + 1 characters.
        char[]? rentedChars = null;
        byte[]? rentedBytes = null;
        var charCount = 2 * run.Length + 3;
        Span<char> chars = run.Length <= MaxStackRunChars ? stackalloc char[2 * MaxStackRunChars + 3] : (rentedChars = ArrayPool<char>.Shared.Rent(charCount));
        Span<byte> bytes = run.Length <= MaxStackRunChars ? stackalloc byte[MaxStackRunChars] : (rentedBytes = ArrayPool<byte>.Shared.Rent(run.Length));
        try
        {
            for (var skip = 0; skip < Alignments && run.Length - skip >= MinRunChars; skip++)
            {
                if (TryDecodeText(run[skip..], chars[..charCount], bytes[..run.Length], out var decoded))
                {
                    var kinds = scan.ScanNested(decoded).Select(s => s.Kind).Distinct(StringComparer.Ordinal).ToList();
                    if (kinds.Count > 0)
                    {
                        return kinds;
                    }
                }
            }

            return [];
        }
        finally
        {
            if (rentedChars is not null)
            {
                ArrayPool<char>.Shared.Return(rentedChars);
            }

            if (rentedBytes is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedBytes);
            }
        }
    }

    public static bool IsBase64Char(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_';

    /// <summary>Decodes <paramref name="run"/> in <paramref name="chars"/> and <paramref name="bytes"/>; allocates only the text it returns.</summary>
    private static bool TryDecodeText(ReadOnlySpan<char> run, Span<char> chars, Span<byte> bytes, out string decoded)
    {
        decoded = string.Empty;

        // A run of one length mod 4 has a stray character at its end (a word glued to the payload); drop it.
        var usable = run.Length % 4 == 1 ? run[..^1] : run;
        var standard = chars[..((usable.Length + 3) / 4 * 4)];
        for (var i = 0; i < standard.Length; i++)
        {
            standard[i] = i < usable.Length ? usable[i] switch { '-' => '+', '_' => '/', var c => c } : '=';
        }

        if (!Convert.TryFromBase64Chars(standard, bytes, out var written))
        {
            return false;
        }

        var data = bytes[..written];

        // Lenient UTF-8: the bytes of a glued-on prefix decode to a replacement character or two, which the
        // printable share tolerates; binary decodes to many, which it does not.
        var encoding = LooksLikeUtf16(data) ? Encoding.Unicode : Encoding.UTF8;
        var text = chars[standard.Length..];
        text = text[..encoding.GetChars(data, text)];
        if (PrintableShare(text) < MinPrintableShare)
        {
            return false;
        }

        decoded = new string(text);
        return true;
    }

    private static bool LooksLikeUtf16(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data.Length % 2 != 0)
        {
            return false;
        }

        var zeros = 0;
        for (var i = 1; i < data.Length; i += 2)
        {
            zeros += data[i] == 0 ? 1 : 0;
        }

        return zeros >= MinUtf16ZeroShare * (data.Length / 2);
    }

    private static double PrintableShare(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return 0;
        }

        var printable = 0;
        foreach (var c in text)
        {
            printable += c != '\uFFFD' && (!char.IsControl(c) || c is '\t' or '\r' or '\n') ? 1 : 0;
        }

        return (double)printable / text.Length;
    }
}
