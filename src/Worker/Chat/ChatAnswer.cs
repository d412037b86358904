namespace Llama3Siem.Worker.Chat;

/// <summary>
/// The answer to one <see cref="ChatRequest"/>, with what it was grounded on.
/// </summary>
/// <param name="ConversationId">The conversation the question and answer were stored under (new when the request had none).</param>
/// <param name="Answer">The answer with every citation of an incident that was not retrieved removed.</param>
/// <param name="Citations">Ids the answer cites that the prompt held, in order of first mention: retrieved incidents and
/// reports, and the notable incidents a retrieved report lists.</param>
/// <param name="RemovedCitations">Citations of incident or report ids that were not retrieved, removed from <paramref name="Answer"/>.</param>
/// <param name="RetrievedIncidents">Ids of the incidents the prompt held, in the order given to the model.</param>
/// <param name="ModelAnswered">False when the answer was written without the model (no model configured, or nothing retrieved).</param>
/// <param name="PromptTokens">Tokens of the prompt the model was given (0 when the model did not run).</param>
/// <param name="TokenBudget">The budget the prompt was fitted to.</param>
/// <param name="HistoryTurns">Earlier turns of the conversation that fitted the budget.</param>
/// <param name="DroppedTurns">Older turns left out to fit the budget.</param>
internal sealed record ChatAnswer(
    string ConversationId,
    string Answer,
    IReadOnlyList<string> Citations,
    int RemovedCitations,
    IReadOnlyList<string> RetrievedIncidents,
    bool ModelAnswered,
    int PromptTokens,
    int TokenBudget,
    int HistoryTurns,
    int DroppedTurns)
{
    /// <summary>Ids of the threat reports the prompt held, in the order given to the model (none unless the question was about reports).</summary>
    public IReadOnlyList<string> RetrievedReports { get; init; } = [];
}
