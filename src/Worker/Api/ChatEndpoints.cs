using System.Text.Json;
using Llama3Siem.Worker.Chat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Api;

/// <summary>
/// <c>POST /api/chat</c> (one JSON answer) and <c>POST /api/chat/stream</c> (server-sent events: <c>token</c> events,
/// then one <c>done</c> event with the cleaned answer and its citations, or one <c>error</c> event). The user is the
/// authenticated name (<see cref="ApiUser.NameOf"/>): conversations belong to it, and another user's conversation id
/// is simply not found.
/// </summary>
internal static partial class ChatEndpoints
{
    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapChatApi(this RouteGroupBuilder api)
    {
        var chat = api.MapGroup("/chat").WithTags("Chat");
        chat.MapPost("/", AskAsync)
            .WithName("Chat")
            .WithSummary("Answers a question about the stored incidents, grounded on the ones retrieved for it, with their ids as citations.")
            .Accepts<ChatHttpRequest>("application/json")
            .Produces<ChatHttpAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        chat.MapPost("/stream", StreamAsync)
            .WithName("ChatStream")
            .WithSummary("The same answer as server-sent events: 'token' events as text is generated, then 'done' with the cleaned answer and citations.")
            .Accepts<ChatHttpRequest>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> AskAsync(ChatHttpRequest? body, HttpContext context, ChatService chat)
    {
        if (ToRequest(body) is not { } request)
        {
            return ApiProblems.BadRequest("The body must be a JSON object with a 'messages' array.");
        }

        try
        {
            var answer = await chat.AskAsync(request, UserOf(context), context.RequestAborted);
            return TypedResults.Ok(ChatHttpAnswer.From(answer));
        }
        catch (ChatRequestException refused)
        {
            return Refusal(refused);
        }
    }

    private static async Task StreamAsync(ChatHttpRequest? body, HttpContext context, ChatService chat, ILoggerFactory loggers)
    {
        if (ToRequest(body) is not { } request)
        {
            await ApiProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid request", "The body must be a JSON object with a 'messages' array.");
            return;
        }

        var cancellation = context.RequestAborted;
        await using var items = chat.StreamAsync(request, UserOf(context), cancellation).GetAsyncEnumerator(cancellation);

        // The request is checked and the incidents retrieved before the first item: refusals are still plain problems.
        bool more;
        try
        {
            more = await items.MoveNextAsync();
        }
        catch (ChatRequestException refused)
        {
            await Refusal(refused).ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            while (more)
            {
                var item = items.Current;
                if (item.Answer is { } answer)
                {
                    await WriteEventAsync(response, "done", ChatHttpAnswer.From(answer), cancellation);
                }
                else if (!string.IsNullOrEmpty(item.Text))
                {
                    await WriteEventAsync(response, "token", new ChatToken(item.Text), cancellation);
                }

                more = await items.MoveNextAsync();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            LogStreamFailed(loggers.CreateLogger(typeof(ChatEndpoints)), ex);
            await WriteEventAsync(response, "error", new ChatStreamError("The answer could not be completed; the server log has the details."), CancellationToken.None);
        }
    }

    private static async Task WriteEventAsync<T>(HttpResponse response, string name, T data, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data, EventJson)}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static ChatRequest? ToRequest(ChatHttpRequest? body) =>
        body?.Messages is { } messages
            ? new ChatRequest(messages.Select(m => new ChatMessage(m?.Role ?? "", m?.Content ?? "")).ToList(), body.ConversationId, body.IncidentId)
            : null;

    private static string UserOf(HttpContext context) =>
        ApiUser.NameOf(context.User) ?? throw new InvalidOperationException("An authenticated user has no name.");

    private static IResult Refusal(ChatRequestException refused) => refused.Kind == ChatRequestErrorKind.NotFound
        ? ApiProblems.NotFound(refused.Message)
        : ApiProblems.BadRequest(refused.Message);

    [LoggerMessage(Level = LogLevel.Error, Message = "A streamed chat answer failed after it started")]
    private static partial void LogStreamFailed(ILogger logger, Exception exception);
}

/// <summary>The body of a chat request: new user turns, and optionally the conversation and incident they continue.</summary>
internal sealed record ChatHttpRequest(IReadOnlyList<ChatHttpMessage?>? Messages, string? ConversationId, string? IncidentId);

internal sealed record ChatHttpMessage(string? Role, string? Content);

/// <summary>What the client gets back: the answer with unretrieved citations removed, and the ids it cites.</summary>
internal sealed record ChatHttpAnswer(
    string Answer,
    IReadOnlyList<string> Citations,
    string ConversationId,
    int RemovedCitations,
    IReadOnlyList<string> RetrievedIncidents,
    bool ModelAnswered,
    int PromptTokens,
    int TokenBudget,
    int DroppedTurns,
    IReadOnlyList<string> RetrievedReports)
{
    public static ChatHttpAnswer From(ChatAnswer answer) => new(
        answer.Answer, answer.Citations, answer.ConversationId, answer.RemovedCitations, answer.RetrievedIncidents,
        answer.ModelAnswered, answer.PromptTokens, answer.TokenBudget, answer.DroppedTurns, answer.RetrievedReports);
}

internal sealed record ChatToken(string Text);

internal sealed record ChatStreamError(string Title);
