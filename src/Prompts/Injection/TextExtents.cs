namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// Sentence and line bounds in folded text, by which a recognised phrase grows into the span of its
/// <see cref="SpanExtent"/>.
/// </summary>
/// <remarks>
/// A full stop, ! or ? ends a sentence only when followed by white space, a quote or the end of the text, so the
/// dots inside an address (203.0.113.5), a domain or a version number never split the sentence that holds
/// them; 。 and line breaks always end one.
/// </remarks>
internal static class TextExtents
{
    public static (int Start, int End) Of(string text, SpanExtent extent, int matchStart, int matchEnd) => extent switch
    {
        SpanExtent.Sentence => (SentenceStart(text, matchStart), SentenceEnd(text, matchEnd)),
        SpanExtent.SentenceToLineEnd => (SentenceStart(text, matchStart), LineEnd(text, matchEnd)),
        SpanExtent.Line => (matchStart, LineEnd(text, matchEnd)),
        SpanExtent.Turn => (matchStart, TurnEnd(text, matchEnd)),
        _ => (matchStart, matchEnd),
    };

    public static int SentenceStart(string text, int index)
    {
        var start = Math.Min(index, text.Length);
        while (start > 0 && !EndsSentence(text, start - 1))
        {
            start--;
        }

        while (start < index && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        return start;
    }

    /// <summary>The start of the sentence before the one starting at <paramref name="sentenceStart"/>.</summary>
    public static int PreviousSentenceStart(string text, int sentenceStart)
    {
        var i = sentenceStart;
        while (i > 0 && char.IsWhiteSpace(text[i - 1]))
        {
            i--;
        }

        if (i > 0 && text[i - 1] is '.' or '!' or '?' or '。')
        {
            i--;
        }

        return SentenceStart(text, i);
    }

    public static int SentenceEnd(string text, int index)
    {
        for (var i = index; i < text.Length; i++)
        {
            if (EndsSentence(text, i))
            {
                return IsLineBreak(text[i]) ? i : i + 1;
            }
        }

        return text.Length;
    }

    /// <summary>The end of the line holding <paramref name="index"/>; when the rest of it is blank, the end of the next non-blank line.</summary>
    public static int LineEnd(string text, int index)
    {
        var end = NextLineBreak(text, index);
        if (!IsBlank(text, index, end))
        {
            return end;
        }

        var next = end;
        while (next < text.Length && char.IsWhiteSpace(text[next]))
        {
            next++;
        }

        return next < text.Length ? NextLineBreak(text, next) : end;
    }

    /// <summary>The start of the next chat-template token (<c>&lt;|</c>) after <paramref name="index"/>, or the end of the text.</summary>
    public static int TurnEnd(string text, int index)
    {
        var next = text.IndexOf("<|", Math.Min(index, text.Length), StringComparison.Ordinal);
        return next < 0 ? text.Length : next;
    }

    public static bool IsLineBreak(char c) => c is '\n' or '\r';

    private static int NextLineBreak(string text, int index)
    {
        var i = Math.Min(index, text.Length);
        while (i < text.Length && !IsLineBreak(text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsBlank(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool EndsSentence(string text, int i) => text[i] switch
    {
        '\n' or '\r' or '。' => true,
        '.' or '!' or '?' => i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]) || text[i + 1] is '"' or '\'' or ')',
        _ => false,
    };
}
