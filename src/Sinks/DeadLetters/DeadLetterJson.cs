using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Llama3Siem.Sinks.DeadLetters;

/// <summary>How dead letters are written as JSON, and how they are cut down to fit a destination's size limit.</summary>
public static class DeadLetterJson
{
    /// <summary>
    /// The relaxed encoder leaves base64's <c>+</c> and <c>/</c> as they are (the default one writes <c>+</c> as
    /// six characters), so the size of a letter follows from the size of its original. The letters are data for
    /// tools, never embedded in HTML.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Serialize(DeadLetter letter) => JsonSerializer.SerializeToUtf8Bytes(letter, Options);

    /// <summary>The letter with <see cref="DeadLetter.OriginalSize"/> and <see cref="DeadLetter.OriginalSha256"/> of its (whole) original.</summary>
    public static DeadLetter WithOriginalFacts(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        if (letter.OriginalSize is not null && letter.OriginalSha256 is not null)
        {
            return letter;
        }

        var original = Convert.FromBase64String(letter.OriginalBase64);
        return letter with { OriginalSize = original.LongLength, OriginalSha256 = Convert.ToHexStringLower(SHA256.HashData(original)) };
    }

    /// <summary>
    /// The letter as JSON of at most <paramref name="maxBytes"/> bytes: whole when it fits, else with the first
    /// whole bytes of the original that fit, marked truncated. Size and hash stay those of the whole original.
    /// The result can still be larger when even an empty original does not fit (a limit below the envelope).
    /// </summary>
    public static FittedLetter Fit(DeadLetter letter, long maxBytes)
    {
        letter = WithOriginalFacts(letter);
        var json = Serialize(letter);
        if (json.LongLength <= maxBytes)
        {
            return new FittedLetter(letter, json);
        }

        var original = Convert.FromBase64String(letter.OriginalBase64);
        var envelope = Serialize(letter with { OriginalBase64 = "", OriginalTruncated = true }).LongLength;

        // Every 3 bytes of original take 4 characters of base64, and each is one byte of JSON with this encoder.
        var keep = (int)Math.Clamp((maxBytes - envelope) / 4 * 3, 0, original.Length - 1);
        while (true)
        {
            var cut = letter with { OriginalBase64 = Convert.ToBase64String(original, 0, keep), OriginalTruncated = true };
            json = Serialize(cut);
            if (json.LongLength <= maxBytes || keep == 0)
            {
                return new FittedLetter(cut, json);
            }

            // Only an estimate that was off (it is not, with this encoder) gets here: shrink by the excess.
            keep = (int)Math.Max(0, keep - ((json.LongLength - maxBytes + 3) / 4 * 3));
        }
    }
}
