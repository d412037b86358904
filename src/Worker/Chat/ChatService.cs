using System.Diagnostics;
using System.Runtime.CompilerServices;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Sinks.Reports;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Inference;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Chat;

/// <summary>
/// Answers analysts' questions about stored incidents and threat reports: retrieves the relevant incidents (and,
/// when the question is about reports, the reports), fits them and the conversation into the token budget, asks
/// the model (or, without one, writes the facts deterministically), removes citations of incidents and reports
/// that were not retrieved, and keeps the conversation.
/// </summary>
/// <remarks>
/// A request is validated, and its conversation and named incident looked up, before anything is produced: a
/// <see cref="ChatRequestException"/> from <see cref="StreamAsync"/> comes from its first <c>MoveNextAsync</c>,
/// before any item, so an HTTP layer can still answer with an error status. Message, answer and incident text
/// is never logged; only ids and counts are.
/// </remarks>
internal sealed class ChatService
{
    /// <summary>New messages one request may carry.</summary>
    public const int MaxMessagesPerRequest = 20;

    /// <summary>Longest incident id a request may name.</summary>
    public const int MaxIncidentIdLength = 128;

    private readonly IConversationStore _conversations;
    private readonly ChatModel _model;
    private readonly ChatOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IncidentRetriever _retriever;
    private readonly ReportRetriever? _reportRetriever;

    public ChatService(
        IIncidentStore incidents,
        IConversationStore conversations,
        ChatModel model,
        ChatOptions options,
        TimeProvider timeProvider,
        ILogger<ChatService> logger,
        IReportStore? reports = null)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        _conversations = conversations;
        _model = model;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _retriever = new IncidentRetriever(incidents, options.MaxRetrievedIncidents, logger);
        _reportRetriever = reports is null ? null : new ReportRetriever(reports, logger);
    }

    /// <summary>Answers <paramref name="request"/> for <paramref name="user"/> (the authenticated name, which owns the conversation).</summary>
    /// <exception cref="ChatRequestException">The request is invalid, or names an incident or conversation that does not exist for this user.</exception>
    public async Task<ChatAnswer> AskAsync(ChatRequest request, string user, CancellationToken cancellationToken)
    {
        await foreach (var item in StreamAsync(request, user, cancellationToken))
        {
            if (item.Answer is { } answer)
            {
                return answer;
            }
        }

        throw new InvalidOperationException("The answer stream ended without a final item.");
    }

    /// <summary>
    /// Streams the answer: text items as the model generates them (held back where a citation is still being
    /// written), then one final item with the cleaned answer, citations and counts, after the turn was stored.
    /// </summary>
    /// <exception cref="ChatRequestException">As for <see cref="AskAsync"/>, before the first item.</exception>
    public async IAsyncEnumerable<ChatStreamItem> StreamAsync(
        ChatRequest request, string user, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var questions = Validate(request, user);
        var conversationId = request.ConversationId ?? ConversationIds.New();
        IReadOnlyList<ChatTurn> history = [];
        if (request.ConversationId is not null)
        {
            history = await _conversations.LoadAsync(conversationId, user, cancellationToken);
            if (history.Count == 0)
            {
                throw ChatRequestException.NotFound("conversationId: conversation not found.");
            }
        }

        var retrieved = await _retriever.RetrieveAsync(questions[^1], request.IncidentId?.Trim(), history, cancellationToken);
        IReadOnlyList<RetrievedReport> reports = _reportRetriever is null
            ? []
            : await _reportRetriever.RetrieveAsync(questions[^1], request.IncidentId is not null, history, cancellationToken);
        var prompt = ChatPromptBuilder.Build(history, questions, retrieved, _model.TokenCounter, _model.PromptBudget(_options.TokenBudget), reports);
        var grounding = retrieved.Where(i => prompt.IncidentIds.Contains(i.Id, StringComparer.Ordinal)).ToList();
        var groundingReports = reports.Where(r => prompt.ReportIds.Contains(r.Id, StringComparer.Ordinal)).ToList();
        var stream = new CitationStream(prompt.CitableIds);
        var model = grounding.Count > 0 || groundingReports.Count > 0 ? _model.Model : null;
        if (model is not null)
        {
            var completion = new CompletionRequest(prompt.Prompt, _model.Sampling, Priority: RequestPriority.Interactive);
            await foreach (var piece in model.StreamAsync(completion, cancellationToken))
            {
                var shown = stream.Add(piece);
                if (shown.Length > 0)
                {
                    yield return ChatStreamItem.Token(shown);
                }
            }
        }
        else
        {
            // Nothing retrieved means nothing to ground an answer on: say so rather than let a model guess.
            var shown = stream.Add(DeterministicAnswer.Write(grounding, groundingReports));
            if (shown.Length > 0)
            {
                yield return ChatStreamItem.Token(shown);
            }
        }

        var cited = stream.Complete();
        if (cited.Text.Length == 0)
        {
            // A model that said nothing, or nothing but citations that had to go.
            cited = cited with { Text = ChatPromptBuilder.NoAnswer };
        }

        var remainder = stream.Remainder(cited);
        if (remainder.Length > 0)
        {
            yield return ChatStreamItem.Token(remainder);
        }

        var now = _timeProvider.GetUtcNow();
        await _conversations.AppendAsync(
            conversationId,
            user,
            [.. questions.Select(q => new ChatTurn(ChatTurn.User, q, now)), new ChatTurn(ChatTurn.Assistant, cited.Text, now)],
            cancellationToken);

        var answer = new ChatAnswer(
            conversationId,
            cited.Text,
            cited.Citations,
            cited.Removed,
            prompt.IncidentIds,
            model is not null,
            model is not null ? prompt.Tokens : 0,
            prompt.TokenBudget,
            prompt.HistoryTurns,
            prompt.DroppedTurns)
        {
            RetrievedReports = prompt.ReportIds,
        };
        ChatLog.Answered(_logger, conversationId, prompt.IncidentIds.Count, prompt.ReportIds.Count, answer.PromptTokens, prompt.TokenBudget, prompt.HistoryTurns,
            prompt.DroppedTurns, cited.Citations.Count, cited.Removed, model is not null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        yield return ChatStreamItem.Final(answer);
    }

    /// <summary>The new user messages' texts; errors name the field, never its content.</summary>
    private List<string> Validate(ChatRequest request, string user)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        if (request.Messages is null || request.Messages.Count == 0)
        {
            throw ChatRequestException.BadRequest("messages must hold at least one message.");
        }

        if (request.Messages.Count > MaxMessagesPerRequest)
        {
            throw ChatRequestException.BadRequest($"messages may hold at most {MaxMessagesPerRequest} messages (got {request.Messages.Count}).");
        }

        var questions = new List<string>(request.Messages.Count);
        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i] ?? throw ChatRequestException.BadRequest($"messages[{i}] must be a message.");
            if (message.Role != ChatTurn.User)
            {
                throw ChatRequestException.BadRequest(
                    $"messages[{i}].role must be '{ChatTurn.User}': the conversation's other turns are kept by the server.");
            }

            if (string.IsNullOrWhiteSpace(message.Content))
            {
                throw ChatRequestException.BadRequest($"messages[{i}].content must not be empty.");
            }

            if (message.Content.Length > _options.MaxMessageChars)
            {
                throw ChatRequestException.BadRequest(
                    $"messages[{i}].content has {message.Content.Length} characters; at most {_options.MaxMessageChars} are allowed.");
            }

            questions.Add(message.Content);
        }

        if (request.ConversationId is { } conversationId && !ConversationIds.IsWellFormed(conversationId))
        {
            throw ChatRequestException.BadRequest("conversationId must be an id this service issued (conv- and 32 hex digits), or absent.");
        }

        if (request.IncidentId is { } incidentId && (string.IsNullOrWhiteSpace(incidentId) || incidentId.Length > MaxIncidentIdLength))
        {
            throw ChatRequestException.BadRequest($"incidentId must be an incident id of at most {MaxIncidentIdLength} characters, or absent.");
        }

        return questions;
    }
}
