namespace Llama3Siem.Worker.Chat;

/// <summary>
/// The words of a question worth searching the incident store for. The store ANDs the terms of one text query,
/// so the whole question ("which hosts contacted evil.example?") would match nothing; the retriever searches
/// these terms instead, together and one by one.
/// </summary>
internal static class QuestionTerms
{
    /// <summary>More terms than this are ignored: the most specific ones are kept.</summary>
    public const int MaxTerms = 8;

    // Punctuation around a word, and the characters a search engine's query syntax reads as operators at a term's
    // edges (Elasticsearch's simple_query_string: -, +, |, ~, *).
    private static readonly char[] Trimmed = ['?', '!', ',', ';', ':', '.', '"', '\'', '`', '(', ')', '[', ']', '{', '}', '<', '>', '*', '-', '+', '|', '~'];

    // Question scaffolding and words every incident shares: searching for them ranks nothing.
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "before", "but", "by",
        "can", "could", "did", "do", "does", "during", "each", "explain", "for", "from", "give", "had", "has", "have",
        "how", "i", "if", "in", "incident", "incidents", "into", "is", "it", "its", "list", "me", "more", "my", "no",
        "not", "of", "on", "or", "our", "please", "show", "so", "some", "tell", "than", "that", "the", "their", "them",
        "then", "there", "these", "they", "this", "those", "to", "us", "was", "we", "were", "what", "when", "where",
        "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "happened", "happen", "know",
        "summarise", "summarize", "summary", "describe", "details", "anything", "something", "stored", "store", "data",
        "report", "reports",
    };

    /// <summary>Search terms, most specific first: indicator-like terms (with digits or punctuation), then longer words.</summary>
    public static IReadOnlyList<string> From(string question)
    {
        var terms = new List<string>();
        foreach (var raw in question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var term = raw.Trim(Trimmed);
            if (term.Length == 0 || StopWords.Contains(term) || IncidentIdText.Id().IsMatch(term) || ReportIdText.Id().IsMatch(term))
            {
                continue;
            }

            var indicatorLike = IsIndicatorLike(term);
            if (!indicatorLike && term.Length < 3)
            {
                continue;
            }

            if (!terms.Contains(term, StringComparer.OrdinalIgnoreCase))
            {
                terms.Add(term);
            }
        }

        return terms
            .OrderByDescending(IsIndicatorLike)
            .ThenByDescending(t => t.Length)
            .Take(MaxTerms)
            .ToList();
    }

    private static bool IsIndicatorLike(string term) => term.Any(c => char.IsDigit(c) || c is '.' or '-' or '@' or '\\' or '/' or ':' or '_');
}
