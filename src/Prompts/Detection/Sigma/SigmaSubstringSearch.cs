namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// Which of many substrings a text contains, ignoring case, in one pass over the text: an Aho–Corasick
/// automaton over a <see cref="SigmaCharTrie"/> of the folded substrings. Each substring carries ids (rule
/// slots); a pass sets the bits of the ids of every substring found, and perhaps of a few more where
/// <see cref="Fold"/> is coarser than case: it chooses rules to evaluate, it does not decide matches.
/// </summary>
internal sealed class SigmaSubstringSearch
{
    /// <summary>The symbol of every character outside ASCII but the Kelvin sign.</summary>
    public const char OtherThanAscii = '\u0080';

    private const char KelvinSign = '\u212A';

    private readonly SigmaCharTrie trie;

    /// <summary>Per state, the state of its longest proper suffix that is in the trie.</summary>
    private readonly int[] fail;

    /// <summary>Per state, the ids of every substring that ends there: its own and those along its failure chain.</summary>
    private readonly int[]?[] found;

    /// <param name="substrings">Non-empty text, each with the id it stands for.</param>
    public SigmaSubstringSearch(IEnumerable<(string Text, int Id)> substrings)
    {
        trie = new SigmaCharTrie(substrings.Select(s => s.Text.Length > 0
            ? (FoldAll(s.Text), s.Id)
            : throw new ArgumentException("an empty substring is in every text", nameof(substrings))));
        fail = new int[trie.Count];
        found = new int[]?[trie.Count];

        // Breadth first, so a state's failure target (a shorter suffix) is complete before the state itself.
        var queue = new Queue<int>();
        queue.Enqueue(SigmaCharTrie.Root);
        while (queue.TryDequeue(out var state))
        {
            foreach (var (symbol, next) in trie.Children(state))
            {
                fail[next] = state == SigmaCharTrie.Root ? SigmaCharTrie.Root : Step(fail[state], symbol);
                var own = trie.Ids(next);
                var inherited = found[fail[next]];
                found[next] = own is null ? inherited : inherited is null ? own : [.. own.Union(inherited)];
                queue.Enqueue(next);
            }
        }
    }

    /// <summary>Sets in <paramref name="marks"/> the bit of every id whose substring <paramref name="text"/> contains.</summary>
    public void Mark(ReadOnlySpan<char> text, Span<ulong> marks)
    {
        var state = SigmaCharTrie.Root;
        foreach (var c in text)
        {
            state = Step(state, Fold(c));
            if (found[state] is { } ids)
            {
                SigmaCandidates.Set(marks, ids);
            }
        }
    }

    /// <summary>
    /// The symbol a character is searched as: ASCII letters lowered, the Kelvin sign as <c>k</c>, every other
    /// character outside ASCII as <see cref="OtherThanAscii"/>. Text that equals, starts or ends with or holds
    /// a rule's text ignoring case, as <see cref="StringComparison.OrdinalIgnoreCase"/> or a case-insensitive
    /// regex compares, does so after folding too: outside ASCII only the Kelvin sign equals an ASCII letter in
    /// either (a test checks every character). Folding is coarser than case for the rest, so a rule with an
    /// emoji is evaluated on any text with a character outside ASCII; most text has none.
    /// </summary>
    public static char Fold(char c) => c switch
    {
        >= 'A' and <= 'Z' => (char)(c + ('a' - 'A')),
        < (char)128 => c,
        KelvinSign => 'k',
        _ => OtherThanAscii,
    };

    public static string FoldAll(string text) => string.Create(text.Length, text, (span, source) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Fold(source[i]);
        }
    });

    /// <summary>The transition from <paramref name="state"/> on <paramref name="symbol"/>, following failures.</summary>
    private int Step(int state, char symbol)
    {
        while (true)
        {
            var next = trie.Child(state, symbol);
            if (next != SigmaCharTrie.None)
            {
                return next;
            }

            if (state == SigmaCharTrie.Root)
            {
                return SigmaCharTrie.Root;
            }

            state = fail[state];
        }
    }
}
