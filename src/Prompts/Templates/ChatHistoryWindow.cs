namespace Llama3Siem.Prompts.Templates;

/// <summary>
/// The part of a chat conversation that fits a token budget: the system prompt always, then the most recent
/// turns, whole, dropped from the oldest side. Only the newest (user) turn may be cut, from its start, when it
/// alone does not fit. Turn content is untrusted and neutralised before it is counted or rendered.
/// </summary>
/// <remarks>
/// Tokens are counted on the rendered prompt (begin-of-text, headers and end-of-turn markers included), so the
/// window fits the budget exactly for the counter given, whether or not that counter is additive.
/// </remarks>
public sealed class ChatHistoryWindow
{
    /// <summary>Prompt tokens a chat request may use when the caller names no budget.</summary>
    public const int DefaultTokenBudget = 4096;

    /// <summary>Put in front of the newest turn when its beginning had to be cut to fit.</summary>
    public const string TruncationMarker = "[…earlier part of this message truncated] ";

    private const string UserRole = "user";
    private const string AssistantRole = "assistant";
    private const string SystemRole = "system";

    private readonly TemplatedPrompt _prompt;

    private ChatHistoryWindow(
        string systemPrompt,
        IReadOnlyList<(string Role, string Content)> turns,
        int droppedTurns,
        bool newestTurnTruncated,
        TemplatedPrompt prompt,
        int tokens,
        int tokenBudget)
    {
        SystemPrompt = systemPrompt;
        Turns = turns;
        DroppedTurns = droppedTurns;
        NewestTurnTruncated = newestTurnTruncated;
        _prompt = prompt;
        Tokens = tokens;
        TokenBudget = tokenBudget;
    }

    /// <summary>The system prompt, as given (it is ours, not untrusted).</summary>
    public string SystemPrompt { get; }

    /// <summary>The turns kept, oldest first, with neutralised content.</summary>
    public IReadOnlyList<(string Role, string Content)> Turns { get; }

    /// <summary>How many of the oldest turns did not fit.</summary>
    public int DroppedTurns { get; }

    /// <summary>Whether the newest turn lost its beginning (and starts with <see cref="TruncationMarker"/>).</summary>
    public bool NewestTurnTruncated { get; }

    /// <summary>Tokens of <see cref="Render"/>'s text by the counter the window was fitted with.</summary>
    public int Tokens { get; }

    public int TokenBudget { get; }

    /// <summary>
    /// Begin-of-text and the system prompt (with its end-of-turn when no context follows it): the same for every
    /// request with this system prompt, so the engine can keep its KV cells and decode only what follows.
    /// <see cref="Render"/>'s text always starts with it.
    /// </summary>
    public string StablePrefix => _prompt.StablePrefixText;

    /// <summary>
    /// Fits a conversation into <paramref name="tokenBudget"/> prompt tokens.
    /// </summary>
    /// <param name="systemPrompt">Instructions for the model; always kept, never cut.</param>
    /// <param name="turns">The conversation, oldest first: roles <c>user</c> or <c>assistant</c>, ending with the
    /// user turn to be answered.</param>
    /// <param name="counter">The model's tokenizer, or <see cref="EstimatingTokenCounter"/> without a model.</param>
    /// <param name="tokenBudget">Most tokens the rendered prompt may have.</param>
    /// <param name="systemContext">Data that follows the system prompt inside the system turn and differs per
    /// request (retrieved incidents); it is outside the stable prefix. It is ours to build, neutralised by its
    /// caller, and never cut.</param>
    /// <exception cref="ArgumentException">A role is not user/assistant, or the last turn is not the user's.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The budget cannot hold the system prompt and a truncated newest turn.</exception>
    public static ChatHistoryWindow Fit(
        string systemPrompt,
        IReadOnlyList<(string Role, string Content)> turns,
        ITokenCounter counter,
        int tokenBudget = DefaultTokenBudget,
        string systemContext = "")
    {
        ArgumentNullException.ThrowIfNull(systemPrompt);
        ArgumentNullException.ThrowIfNull(turns);
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(systemContext);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokenBudget);
        if (turns.Count == 0 || turns[^1].Role != UserRole)
        {
            throw new ArgumentException("The conversation must end with the user's turn to be answered.", nameof(turns));
        }

        var neutralised = new (string Role, string Content)[turns.Count];
        for (var i = 0; i < turns.Count; i++)
        {
            var role = turns[i].Role;
            if (role is not UserRole and not AssistantRole)
            {
                // The role goes into a header, so only known roles may pass; say where, not what it was.
                throw new ArgumentException($"Turn {i} has a role other than '{UserRole}' or '{AssistantRole}'.", nameof(turns));
            }

            neutralised[i] = (role, UntrustedText.Neutralise(turns[i].Content));
        }

        // Grow the window from the newest turn towards the oldest; stop at the first turn that does not fit so
        // that what is kept is always a contiguous, most recent stretch of the conversation.
        var first = neutralised.Length;
        TemplatedPrompt? text = null;
        var tokens = 0;
        while (first > 0)
        {
            var candidate = Render(systemPrompt, systemContext, neutralised.AsSpan(first - 1));
            var candidateTokens = counter.CountTokens(candidate);
            if (candidateTokens > tokenBudget)
            {
                break;
            }

            first--;
            text = candidate;
            tokens = candidateTokens;
        }

        if (text is not null)
        {
            return new ChatHistoryWindow(systemPrompt, neutralised[first..], first, newestTurnTruncated: false, text, tokens, tokenBudget);
        }

        var newest = neutralised[^1];
        var (truncated, truncatedText, truncatedTokens) = TruncateFromStart(systemPrompt, systemContext, newest.Content, counter, tokenBudget);
        return new ChatHistoryWindow(
            systemPrompt,
            [(UserRole, truncated)],
            neutralised.Length - 1,
            newestTurnTruncated: true,
            truncatedText,
            truncatedTokens,
            tokenBudget);
    }

    /// <summary>The Llama 3 chat prompt: system turn, kept turns, and the assistant's open turn.</summary>
    public TemplatedPrompt Render() => _prompt;

    private static TemplatedPrompt Render(string systemPrompt, string systemContext, ReadOnlySpan<(string Role, string Content)> turns)
    {
        var prompt = new Llama3PromptBuilder().StartMessage(SystemRole).Content(systemPrompt);
        if (systemContext.Length == 0)
        {
            prompt.EndMessage().StableUpToHere();
        }
        else
        {
            prompt.StableUpToHere().Content(systemContext).EndMessage();
        }

        foreach (var (role, content) in turns)
        {
            prompt.Message(role, content);
        }

        return prompt.OpenAssistantTurn();
    }

    /// <summary>
    /// Keeps the longest end of <paramref name="content"/> that fits behind the marker: the end of a long message
    /// usually holds the actual question. Binary search on the cut, since counting is the expensive part.
    /// </summary>
    private static (string Content, TemplatedPrompt Text, int Tokens) TruncateFromStart(
        string systemPrompt, string systemContext, string content, ITokenCounter counter, int tokenBudget)
    {
        (string Content, TemplatedPrompt Text, int Tokens) Attempt(int cut)
        {
            var kept = TruncationMarker + content[cut..];
            var text = Render(systemPrompt, systemContext, [(UserRole, kept)]);
            return (kept, text, counter.CountTokens(text));
        }

        var best = Attempt(content.Length);
        if (best.Tokens > tokenBudget)
        {
            throw new ArgumentOutOfRangeException(
                nameof(tokenBudget),
                tokenBudget,
                $"The budget cannot hold the system prompt and a truncated user turn ({best.Tokens} tokens needed).");
        }

        // Invariant: a cut at `high` fits; a cut at `low - 1` does not (or is before the start).
        var low = 0;
        var high = content.Length;
        while (low < high)
        {
            var middle = SafeCut(content, low + ((high - low) / 2));
            if (middle >= high)
            {
                break;
            }

            var attempt = Attempt(middle);
            if (attempt.Tokens <= tokenBudget)
            {
                best = attempt;
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return best;
    }

    /// <summary>Never cuts between the two halves of a surrogate pair.</summary>
    private static int SafeCut(string content, int cut) =>
        cut > 0 && cut < content.Length && char.IsLowSurrogate(content[cut]) ? cut + 1 : cut;
}
