using Llama3Siem.Prompts.Templates;

namespace Llama3Siem.Worker.Chat;

/// <summary>
/// A rendered chat prompt and what went into it.
/// </summary>
/// <param name="Prompt">The Llama 3 prompt, ending with the assistant's open turn. Its stable prefix is begin-of-text and
/// our instructions: identical for every chat request, so the engine's prefix cache reuses it.</param>
/// <param name="Tokens">Tokens of <paramref name="Prompt"/> by the counter the prompt was fitted with; at most <paramref name="TokenBudget"/>.</param>
/// <param name="IncidentIds">The incidents inside the prompt's context block.</param>
/// <param name="HistoryTurns">Earlier turns of the conversation kept in the prompt.</param>
/// <param name="DroppedTurns">Turns left out, oldest first, to fit the budget.</param>
internal sealed record ChatPrompt(
    TemplatedPrompt Prompt,
    int Tokens,
    int TokenBudget,
    IReadOnlyList<string> IncidentIds,
    int HistoryTurns,
    int DroppedTurns,
    bool NewestTurnTruncated)
{
    /// <summary>The prompt as text (display only).</summary>
    public string Text => Prompt.Text;

    /// <summary>The stable prefix as text.</summary>
    public string StablePrefix => Prompt.StablePrefixText;

    /// <summary>The threat reports inside the prompt's context block, in the order given to the model.</summary>
    public IReadOnlyList<string> ReportIds { get; init; } = [];

    /// <summary>
    /// Every id the answer may cite: the incidents and reports of the context, and the notable incidents the
    /// reports there list (the model was given those ids too). Without reports, the same as <see cref="IncidentIds"/>.
    /// </summary>
    public IReadOnlyList<string> CitableIds { get; init; } = IncidentIds;
}
