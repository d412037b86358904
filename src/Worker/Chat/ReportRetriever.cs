using System.Text.Json;
using Llama3Siem.Sinks.Reports;
using Llama3Siem.Worker.Reports;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Chat;

/// <summary>
/// Finds the stored threat reports an answer is grounded on, at most <see cref="MaxReports"/>:
/// <list type="number">
/// <item>report ids written in the question (only those: a named report that does not exist is not replaced by another);</item>
/// <item>else, when the question is about reports (<see cref="ReportQuestion"/>), the newest report, preferring the
/// newest of a schedule the question names ("the last daily report");</item>
/// <item>else, without a named incident, report ids cited in the conversation's recent answers, so that a follow-up
/// ("which controls did it recommend?") stays on the same report.</item>
/// </list>
/// </summary>
internal sealed class ReportRetriever(IReportStore store, ILogger logger)
{
    public const int MaxReports = 3;

    /// <summary>The newest summaries searched for one of the schedule the question names.</summary>
    private const int RecentReports = 50;

    /// <summary>Cited ids of this many of the newest answers are carried into a follow-up.</summary>
    private const int FollowUpAnswers = 2;

    public async Task<IReadOnlyList<RetrievedReport>> RetrieveAsync(
        string question, bool incidentNamed, IReadOnlyList<ChatTurn> history, CancellationToken cancellationToken)
    {
        var named = ReportIdText.Find(question);
        IReadOnlyList<string> ids = named;
        if (named.Count == 0 && ReportQuestion.IsAbout(question))
        {
            ids = await NewestAsync(question, cancellationToken) is { } newest ? [newest] : [];
        }
        else if (named.Count == 0 && !incidentNamed)
        {
            ids = history
                .Where(t => t.Role == ChatTurn.Assistant)
                .TakeLast(FollowUpAnswers)
                .Reverse()
                .SelectMany(t => ReportIdText.Find(t.Content))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        var found = new List<RetrievedReport>();
        foreach (var id in ids)
        {
            if (found.Count >= MaxReports)
            {
                break;
            }

            if (await GetAsync(id, cancellationToken) is { } report && !found.Exists(r => r.Id == report.Id))
            {
                found.Add(report);
            }
        }

        ChatLog.ReportsRetrieved(logger, named.Count, found.Count);
        return found;
    }

    private async Task<string?> NewestAsync(string question, CancellationToken cancellationToken)
    {
        var recent = await store.ListAsync(RecentReports, 0, null, null, cancellationToken);
        var words = ReportQuestion.WordsOf(question).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (recent.Count == 0)
        {
            return null;
        }

        return (recent.FirstOrDefault(r => words.Contains(r.Schedule)) ?? recent[0]).Id;
    }

    /// <summary>The report as written, else in the scheduler's form; null when missing or unreadable.</summary>
    private async Task<RetrievedReport?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(id, cancellationToken);
        if (stored is null && ReportIdText.Canonical(id) is var canonical && canonical != id)
        {
            stored = await store.GetAsync(canonical, cancellationToken);
        }

        if (stored is null)
        {
            return null;
        }

        try
        {
            return new RetrievedReport(stored.Summary, ThreatReportRenderer.FromJson(stored.Json));
        }
        catch (JsonException)
        {
            // A document this version cannot read is left out rather than failing the question.
            ChatLog.ReportUnreadable(logger, stored.Id);
            return null;
        }
    }
}
