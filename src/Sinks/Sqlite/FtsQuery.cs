using System.Globalization;
using System.Text;

namespace Llama3Siem.Sinks.Sqlite;

/// <summary>
/// Turns an analyst's free text into an FTS5 query that cannot be a syntax error and cannot use FTS5
/// operators: every whitespace-separated term becomes a quoted string, and the terms are ANDed.
/// </summary>
/// <remarks>
/// Inside a quoted string FTS5 applies the table's tokenizer, so punctuation splits a term into an exact
/// phrase: <c>10.1.2.3</c> becomes the phrase <c>10 1 2 3</c>, <c>T1003.001</c> the phrase
/// <c>t1003 001</c>, and <c>col:val</c> the phrase <c>col val</c> (a column filter no longer). Colons are
/// kept rather than dropped because IPv6 addresses and URLs contain them.
/// </remarks>
internal static class FtsQuery
{
    /// <summary>More terms than this are ignored: a query is a question, not a document.</summary>
    public const int MaxTerms = 32;

    private const string NearPrefix = "NEAR(";

    /// <summary>The MATCH expression, or null when the text holds nothing searchable.</summary>
    public static string? FromUserText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var phrases = new List<string>();
        foreach (var raw in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (IsBareOperator(raw))
            {
                continue;
            }

            var term = raw.StartsWith(NearPrefix, StringComparison.Ordinal) ? raw[NearPrefix.Length..] : raw;
            term = RemoveUnindexable(term);
            if (!term.EnumerateRunes().Any(Rune.IsLetterOrDigit))
            {
                // A quoted string with no token in it matches nothing, which would empty the whole AND.
                continue;
            }

            phrases.Add(string.Concat("\"", term.Replace("\"", "\"\"", StringComparison.Ordinal), "\""));
            if (phrases.Count == MaxTerms)
            {
                break;
            }
        }

        return phrases.Count == 0 ? null : string.Join(' ', phrases);
    }

    // FTS5 keywords are case-sensitive: "or" is a word, "OR" an operator.
    private static bool IsBareOperator(string term) => term is "AND" or "OR" or "NOT" or "NEAR";

    /// <summary>Drops control characters and the private-use item separator, which no user text should hold.</summary>
    private static string RemoveUnindexable(string term)
    {
        var builder = new StringBuilder(term.Length);
        foreach (var rune in term.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.PrivateUse or UnicodeCategory.Format)
            {
                continue;
            }

            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }
}
