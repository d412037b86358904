namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// Strings of folded characters (<see cref="SigmaSubstringSearch.Fold"/>) in a trie whose states carry ids:
/// the shape both literal searches of the rule index walk. Built once, then read only.
/// </summary>
internal sealed class SigmaCharTrie
{
    public const int Root = 0;
    public const int None = -1;

    /// <summary>The alphabet: folded characters are below 129; callers may use the next few as markers.</summary>
    public const int AlphabetSize = 132;

    // Each state's children are a range of childSymbols/childStates, scanned in order: most states have one or
    // two. A state with many (the root, the states after a space or a backslash) has a dense row as well.
    private const int DenseFrom = 6;

    private readonly int[] childStart;
    private readonly char[] childSymbols;
    private readonly int[] childStates;
    private readonly int[] denseRow;
    private readonly int[] dense;
    private readonly int[]?[] ids;

    /// <param name="entries">Each string, already folded, and the id its last state carries.</param>
    public SigmaCharTrie(IEnumerable<(string Symbols, int Id)> entries)
    {
        // Built from the strings in order: each shares the path of its common prefix with the one before, and
        // a state's children come out in symbol order, ready to be laid out as ranges.
        var parents = new List<int> { None };
        var symbols = new List<char> { '\0' };
        var ends = new List<(int State, int Id)>();
        var path = new List<int> { Root };
        var previous = string.Empty;
        foreach (var (text, id) in entries.OrderBy(e => e.Symbols, StringComparer.Ordinal))
        {
            var common = previous.AsSpan().CommonPrefixLength(text);
            path.RemoveRange(common + 1, path.Count - common - 1);
            foreach (var symbol in text.AsSpan(common))
            {
                parents.Add(path[^1]);
                symbols.Add(symbol);
                path.Add(parents.Count - 1);
            }

            ends.Add((path[^1], id));
            previous = text;
        }

        Count = parents.Count;
        childStart = new int[Count + 1];
        for (var state = 1; state < Count; state++)
        {
            childStart[parents[state] + 1]++;
        }

        for (var state = 0; state < Count; state++)
        {
            childStart[state + 1] += childStart[state];
        }

        childSymbols = new char[Count - 1];
        childStates = new int[Count - 1];
        var next = childStart[..Count];
        for (var state = 1; state < Count; state++)
        {
            var slot = next[parents[state]]++;
            childSymbols[slot] = symbols[state];
            childStates[slot] = state;
        }

        denseRow = new int[Count];
        var rows = new List<int>();
        for (var state = 0; state < Count; state++)
        {
            denseRow[state] = None;
            if (state == Root || childStart[state + 1] - childStart[state] >= DenseFrom)
            {
                denseRow[state] = rows.Count;
                rows.AddRange(Enumerable.Repeat(None, AlphabetSize));
                for (var i = childStart[state]; i < childStart[state + 1]; i++)
                {
                    rows[denseRow[state] + childSymbols[i]] = childStates[i];
                }
            }
        }

        dense = [.. rows];
        ids = new int[]?[Count];
        foreach (var group in ends.GroupBy(e => e.State, e => e.Id))
        {
            ids[group.Key] = [.. group.Distinct().Order()];
        }
    }

    /// <summary>The number of states.</summary>
    public int Count { get; }

    /// <summary>The state after <paramref name="symbol"/> from <paramref name="state"/>, or <see cref="None"/>.</summary>
    public int Child(int state, char symbol)
    {
        if (denseRow[state] is var row && row != None)
        {
            return dense[row + symbol];
        }

        for (var i = childStart[state]; i < childStart[state + 1]; i++)
        {
            if (childSymbols[i] == symbol)
            {
                return childStates[i];
            }
        }

        return None;
    }

    /// <summary>The ids of the entries that end at <paramref name="state"/>; null when none does.</summary>
    public int[]? Ids(int state) => ids[state];

    /// <summary>A state's children, in symbol order.</summary>
    public IEnumerable<(char Symbol, int State)> Children(int state)
    {
        for (var i = childStart[state]; i < childStart[state + 1]; i++)
        {
            yield return (childSymbols[i], childStates[i]);
        }
    }
}
