namespace Llama3Siem.Worker.Chat;

/// <summary>
/// Whether a question is about the scheduled threat reports, so that the chat also retrieves them. The rule is
/// deliberately plain: the question names a report id, or uses one of <see cref="Words"/> (any case), or the
/// phrase "summary of the day".
/// </summary>
internal static class ReportQuestion
{
    /// <summary>Words that point at a report: the word itself, the default schedules' names and shift hand-over terms.</summary>
    public static IReadOnlySet<string> Words { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "report", "reports", "daily", "hourly", "weekly", "shift",
    };

    private const string DayPhrase = "summary of the day";

    public static bool IsAbout(string question) =>
        ReportIdText.Id().IsMatch(question)
        || WordsOf(question).Any(Words.Contains)
        || string.Join(' ', WordsOf(question)).Contains(DayPhrase, StringComparison.OrdinalIgnoreCase);

    /// <summary>The question's words: runs of letters, digits, <c>-</c> and <c>_</c> (the characters of a schedule name).</summary>
    public static IReadOnlyList<string> WordsOf(string question)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= question.Length; i++)
        {
            var inWord = i < question.Length && (char.IsLetterOrDigit(question[i]) || question[i] is '-' or '_');
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(question[start..i].Trim('-', '_'));
                start = -1;
            }
        }

        return words.Where(w => w.Length > 0).ToList();
    }
}
