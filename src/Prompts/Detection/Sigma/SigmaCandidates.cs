namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>Sets of a logsource group's rules, or of their requirement slots, as bits: 64 a word.</summary>
internal static class SigmaCandidates
{
    public static int Words(int rules) => (rules + 63) / 64;

    /// <summary>Every one of <paramref name="rules"/> rules, and no bit beyond them.</summary>
    public static void SetAll(Span<ulong> marks, int rules)
    {
        marks.Fill(ulong.MaxValue);
        if (rules % 64 != 0)
        {
            marks[^1] = (1UL << (rules % 64)) - 1;
        }
    }

    public static bool Intersects(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if ((a[i] & b[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    public static void Set(Span<ulong> marks, int[] ids)
    {
        foreach (var id in ids)
        {
            marks[id >> 6] |= 1UL << id;
        }
    }
}
