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
        for (var skip = 0; skip < Alignments && run.Length - skip >= MinRunChars; skip++)
        {
            if (TryDecodeText(run[skip..], out var decoded))
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

    private static bool IsBase64Char(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_';

    private static bool TryDecodeText(ReadOnlySpan<char> run, out string decoded)
    {
        decoded = string.Empty;

        // A run of one length mod 4 has a stray character at its end (a word glued to the payload); drop it.
        var usable = run.Length % 4 == 1 ? run[..^1] : run;
        var standard = new StringBuilder(usable.Length + 2);
        foreach (var c in usable)
        {
            standard.Append(c switch { '-' => '+', '_' => '/', _ => c });
        }

        while (standard.Length % 4 != 0)
        {
            standard.Append('=');
        }

        var bytes = new byte[standard.Length / 4 * 3];
        if (!Convert.TryFromBase64String(standard.ToString(), bytes, out var written))
        {
            return false;
        }

        var data = bytes.AsSpan(0, written);
        if (LooksLikeUtf16(data))
        {
            decoded = Encoding.Unicode.GetString(data);
        }
        else
        {
            // Lenient: the bytes of a glued-on prefix decode to a replacement character or two, which the
            // printable share tolerates; binary decodes to many, which it does not.
            decoded = Encoding.UTF8.GetString(data);
        }

        return PrintableShare(decoded) >= MinPrintableShare;
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

    private static double PrintableShare(string text)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var printable = text.Count(c => c != '\uFFFD' && (!char.IsControl(c) || c is '\t' or '\r' or '\n'));
        return (double)printable / text.Length;
    }
}
