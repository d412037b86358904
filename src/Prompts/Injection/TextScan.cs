namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// The state of scanning one text: the original, its folded form, how deep inside decoded payloads the scan
/// is, and the spans found so far (in original positions).
/// </summary>
internal sealed class TextScan(FoldedText text, int depth, Func<string, int, IReadOnlyList<InjectionSpan>> scanNested)
{
    private readonly List<InjectionSpan> _spans = [];

    public FoldedText Text { get; } = text;

    /// <summary>0 for a field's own text; 1 and more for text decoded from it (base64, tag characters).</summary>
    public int Depth { get; } = depth;

    public IReadOnlyList<InjectionSpan> Spans => _spans;

    /// <summary>Scans text decoded from this one (one level deeper) and returns its spans in the decoded text's positions.</summary>
    public IReadOnlyList<InjectionSpan> ScanNested(string decoded) => scanNested(decoded, Depth + 1);

    /// <summary>Adds a span given in folded positions.</summary>
    public void AddFolded(string kind, int start, int end)
    {
        if (end <= start)
        {
            return;
        }

        var (originalStart, originalEnd) = Text.ToOriginal(start, end);
        AddOriginal(kind, originalStart, originalEnd);
    }

    /// <summary>Adds a span given in original positions.</summary>
    public void AddOriginal(string kind, int start, int end)
    {
        if (end > start)
        {
            _spans.Add(new InjectionSpan(kind, start, end - start));
        }
    }
}
