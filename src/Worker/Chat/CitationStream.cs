using System.Text;

namespace Llama3Siem.Worker.Chat;

/// <summary>
/// Filters a streamed answer's citations as it grows: each piece from the model is added, and what comes back is
/// the new text that is safe to show, so an id that was not retrieved never reaches the client, even half-written.
/// </summary>
internal sealed class CitationStream(IReadOnlyCollection<string> retrieved)
{
    private readonly StringBuilder _raw = new();
    private string _shown = string.Empty;

    /// <summary>Adds a generated piece; returns the text that can be shown now (often empty while a possible id is pending).</summary>
    public string Add(string piece)
    {
        _raw.Append(piece);
        var raw = _raw.ToString();
        var clean = CitationFilter.Apply(raw[..CitationFilter.SettledLength(raw)], retrieved).Text.TrimStart();

        // Removing a citation can change text already shown (the space before it); then nothing more is streamed
        // and the final answer, which the client shows instead, carries the correct text.
        if (clean.Length <= _shown.Length || !clean.StartsWith(_shown, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var delta = clean[_shown.Length..];
        _shown = clean;
        return delta;
    }

    /// <summary>The whole answer, filtered, without surrounding whitespace.</summary>
    public CitedAnswer Complete()
    {
        var cited = CitationFilter.Apply(_raw.ToString(), retrieved);
        return cited with { Text = cited.Text.Trim() };
    }

    /// <summary>What of <paramref name="complete"/> has not been shown yet (held back at the end), when it follows on from what was.</summary>
    public string Remainder(CitedAnswer complete) =>
        complete.Text.StartsWith(_shown, StringComparison.Ordinal) ? complete.Text[_shown.Length..] : string.Empty;
}
