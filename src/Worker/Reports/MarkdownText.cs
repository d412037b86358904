using System.Text;

namespace Llama3Siem.Worker.Reports;

/// <summary>
/// Event-derived text made inert in a Markdown report: a renderer shows it as written and never as HTML, a
/// link, emphasis, code, a heading, a list, a quote or another table column.
/// </summary>
internal static class MarkdownText
{
    /// <summary>
    /// One line of literal text for a table cell, a list item or a paragraph: <c>&lt;</c>, <c>&gt;</c> and
    /// <c>&amp;</c> become entities (Markdown passes raw HTML through), inline syntax is backslash-escaped,
    /// line breaks become spaces, and a leading block marker (<c>#</c>, <c>-</c>, <c>+</c>, <c>1.</c>) is escaped.
    /// </summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '&' => escaped.Append("&amp;"),
                '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~' => escaped.Append('\\').Append(c),
                '\r' or '\n' or '\u0085' or '\u2028' or '\u2029' => escaped.Append(' '),
                _ => escaped.Append(c),
            };
        }

        EscapeLeadingBlockMarker(escaped);
        return escaped.ToString();
    }

    /// <summary>
    /// Only the start matters, as the text is one line. A heading or bullet marker needs a space (or the end)
    /// after it to count, but escaping it always renders the same.
    /// </summary>
    private static void EscapeLeadingBlockMarker(StringBuilder text)
    {
        var start = 0;
        while (start < text.Length && text[start] == ' ')
        {
            start++;
        }

        if (start == text.Length)
        {
            return;
        }

        if (text[start] is '#' or '-' or '+' or '=')
        {
            text.Insert(start, '\\');
            return;
        }

        var digits = start;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        // "1. x" and "1) x" start an ordered list; "10.0.0.5" does not.
        if (digits > start && digits < text.Length && text[digits] is '.' or ')' && (digits + 1 == text.Length || text[digits + 1] == ' '))
        {
            text.Insert(digits, '\\');
        }
    }
}
