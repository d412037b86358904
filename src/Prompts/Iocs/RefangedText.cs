namespace Llama3Siem.Prompts.Iocs;

/// <summary>
/// Text after refanging, with the positions (in the refanged text) of every character that a defang
/// marker was replaced by. The extractor uses them to trust a candidate the writer deliberately defanged.
/// </summary>
internal sealed class RefangedText(string text, List<int> markPositions)
{
    public string Text { get; } = text;

    /// <summary>True when any replaced character lies in [start, end).</summary>
    public bool HasMarkIn(int start, int end)
    {
        if (markPositions.Count == 0 || end <= start)
        {
            return false;
        }

        // Positions are appended in increasing order while refanging, so they are sorted.
        var index = markPositions.BinarySearch(start);
        if (index < 0)
        {
            index = ~index;
        }

        return index < markPositions.Count && markPositions[index] < end;
    }
}
