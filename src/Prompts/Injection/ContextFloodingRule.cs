namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// Filler meant to push real content out of the model's window: a run of at least
/// <see cref="MinRunChars"/> characters that repeats with a short period (one character, a word, a short
/// phrase), or a field of at least <see cref="MinLowDiversityChars"/> characters whose character entropy is
/// under <see cref="MaxLowDiversityBits"/> bits.
/// </summary>
/// <remarks>
/// Genuine long values (certificates, base64 blobs, hex dumps, scripts) neither repeat with a short period for
/// thousands of characters nor have so few distinct characters: base64 carries about six bits a character,
/// hex four, prose over four.
/// </remarks>
internal sealed class ContextFloodingRule : IInjectionRule
{
    public const int MinRunChars = 2_000;
    public const int MinLowDiversityChars = 4_096;
    public const double MaxLowDiversityBits = 2.0;
    private const int MaxPeriod = 64;

    /// <summary>Any text may be filler; short text, most of it, is skipped by the length check in <see cref="Find"/>.</summary>
    public Prerequisite Needs => Prerequisite.None;

    public void Find(TextScan scan)
    {
        var text = scan.Text.Original;
        if (text.Length < MinRunChars)
        {
            return;
        }

        var flagged = false;
        for (var period = 1; period <= MaxPeriod; period++)
        {
            var runStart = period;
            for (var i = period; i <= text.Length; i++)
            {
                if (i < text.Length && text[i] == text[i - period])
                {
                    continue;
                }

                if (i - runStart + period >= MinRunChars)
                {
                    scan.AddOriginal(InjectionKinds.ContextFlooding, runStart - period, i);
                    flagged = true;
                }

                runStart = i + 1;
            }

            if (flagged)
            {
                return;
            }
        }

        if (text.Length >= MinLowDiversityChars && EntropyBits(text) < MaxLowDiversityBits)
        {
            scan.AddOriginal(InjectionKinds.ContextFlooding, 0, text.Length);
        }
    }

    private static double EntropyBits(string text)
    {
        var counts = new Dictionary<char, int>();
        foreach (var c in text)
        {
            counts[c] = counts.GetValueOrDefault(c) + 1;
        }

        return -counts.Values.Sum(n => (double)n / text.Length * Math.Log2((double)n / text.Length));
    }
}
