namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// Which of many prefixes (or, walking from the end, suffixes) a value has, and which whole values it is,
/// ignoring case: a <see cref="SigmaCharTrie"/> of folded text walked along the value once, so the cost is the
/// length of the longest match rather than one hash per affix length. A whole value is its text followed by
/// an end marker no folded character can be.
/// </summary>
internal sealed class SigmaAffixSearch(IEnumerable<(string Text, bool Whole, int Id)> entries, bool fromEnd)
{
    private const char End = (char)(SigmaSubstringSearch.OtherThanAscii + 1);

    private readonly SigmaCharTrie trie = new(entries.Select(e =>
    {
        var folded = SigmaSubstringSearch.FoldAll(fromEnd ? new string([.. e.Text.Reverse()]) : e.Text);
        return (e.Whole ? folded + End : folded, e.Id);
    }));

    /// <summary>Sets in <paramref name="marks"/> the bit of every id whose text <paramref name="value"/> starts (ends) with or is.</summary>
    public void Mark(string value, Span<ulong> marks)
    {
        var state = SigmaCharTrie.Root;
        for (var i = 0; i < value.Length; i++)
        {
            state = trie.Child(state, SigmaSubstringSearch.Fold(fromEnd ? value[^(i + 1)] : value[i]));
            if (state == SigmaCharTrie.None)
            {
                return;
            }

            if (trie.Ids(state) is { } ids)
            {
                SigmaCandidates.Set(marks, ids);
            }
        }

        if (trie.Child(state, End) is var whole && whole != SigmaCharTrie.None)
        {
            SigmaCandidates.Set(marks, trie.Ids(whole)!);
        }
    }
}
