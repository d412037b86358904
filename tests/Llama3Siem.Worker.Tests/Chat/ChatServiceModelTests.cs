using Llama3Siem.Sinks.Sqlite;
using Llama3Siem.Worker.Chat;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Inference;
using Llama3Siem.Worker.Tests.Api;
using Llama3Siem.Worker.Tests.Inference;
using Microsoft.Extensions.Logging.Abstractions;

namespace Llama3Siem.Worker.Tests.Chat;

/// <summary>
/// The chat service with real LLamaSharp on the generated tiny model: its text is meaningless, but streaming,
/// the prompt's fit to the context, citation filtering on real token boundaries and history are real.
/// </summary>
public sealed class ChatServiceModelTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>, IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private SqliteIncidentStore? _store;

    public async ValueTask InitializeAsync() => _store = await ChatTestIncidents.SeedAsync(_folder.File("incidents.db"));

    public async ValueTask DisposeAsync()
    {
        await _store!.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task With_a_model_the_answer_streams_fits_the_context_and_cites_only_retrieved_incidents()
    {
        var conversations = new InMemoryConversationStore();
        var model = new ChatModel(() => fixture.Model, new SamplingSettings(Temperature: 0.7f, MaxTokens: 64, Seed: 5), TinyModelFixture.ContextSize);
        var chat = new ChatService(_store!, conversations, model, new ChatOptions { MaxTokens = 64 }, TimeProvider.System, NullLogger<ChatService>.Instance);
        var request = new ChatRequest([new ChatMessage("user", "Which hosts contacted update-cdn-check.xyz?")]);

        var items = new List<ChatStreamItem>();
        await foreach (var item in chat.StreamAsync(request, "alice", TestContext.Current.CancellationToken))
        {
            items.Add(item);
        }

        var answer = Assert.Single(items, i => i.IsFinal).Answer!;
        Assert.True(answer.ModelAnswered);
        Assert.Contains(ChatTestIncidents.Beacon.Id, answer.RetrievedIncidents);
        Assert.InRange(answer.PromptTokens, 1, answer.TokenBudget);
        Assert.True(answer.TokenBudget <= TinyModelFixture.ContextSize - 64);
        Assert.NotEmpty(answer.Answer);
        Assert.All(answer.Citations, id => Assert.Contains(id, answer.RetrievedIncidents));
        var streamed = string.Concat(items.Where(i => !i.IsFinal).Select(i => i.Text));
        Assert.All(IncidentIdText.Find(streamed), id => Assert.Contains(id, answer.RetrievedIncidents));

        var stored = await conversations.LoadAsync(answer.ConversationId, "alice", TestContext.Current.CancellationToken);
        Assert.Equal(["user", "assistant"], stored.Select(t => t.Role));
        Assert.Equal(answer.Answer, stored[1].Content);
    }

    [Fact]
    public async Task Streamed_model_pieces_citing_a_retrieved_and_an_unretrieved_id_show_only_the_retrieved_one()
    {
        var retrieved = ChatTestIncidents.Beacon.Id;
        const string Unretrieved = "inc-fedcba9876543210fedcba98";

        // A grammar makes the random model write exactly this, piece by piece as it really streams.
        var grammar = $"root ::= \"Beaconing is in [{retrieved}] and dumping in [{Unretrieved}].\"";
        var prompt = ChatPromptBuilder.Build([], ["Where is the beaconing?"], [ChatTestIncidents.Beacon], fixture.Model, 2048);
        var request = new CompletionRequest(prompt.Prompt, new SamplingSettings(MaxTokens: 200, Seed: 1), grammar, RequestPriority.Interactive);
        var stream = new CitationStream(prompt.IncidentIds);
        var pieces = 0;
        var shown = new List<string>();
        await foreach (var piece in fixture.Model.StreamAsync(request, TestContext.Current.CancellationToken))
        {
            pieces++;
            shown.Add(stream.Add(piece));
        }

        var complete = stream.Complete();
        var streamed = string.Concat(shown) + stream.Remainder(complete);

        Assert.True(pieces > 10, $"only {pieces} pieces");
        Assert.Equal($"Beaconing is in [{retrieved}] and dumping in.", complete.Text);
        Assert.Equal([retrieved], complete.Citations);
        Assert.Equal(1, complete.Removed);
        Assert.Equal(complete.Text, streamed);
        Assert.All(shown, s => Assert.DoesNotContain("fedcba", s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_forced_answer_about_a_report_keeps_its_citation_and_never_streams_an_unretrieved_report_id()
    {
        const string Unretrieved = "weekly-20260301T0600Z";
        var reports = await ChatTestReports.SeedAsync(_folder.File("reports.db"), _store!);
        var grammar = $"root ::= \"The last daily [{ChatTestReports.NewestDaily}] held 3 incidents; the weekly [{Unretrieved}] and {Unretrieved} more.\"";
        var model = new ChatModel(() => new GrammarForcedModel(fixture.Model, grammar), new SamplingSettings(MaxTokens: 200, Seed: 1), TinyModelFixture.ContextSize);
        var chat = new ChatService(
            _store!, new InMemoryConversationStore(), model, new ChatOptions { MaxTokens = 200 }, TimeProvider.System, NullLogger<ChatService>.Instance, reports);
        var request = new ChatRequest([new ChatMessage("user", "What did the last daily report say?")]);

        var items = new List<ChatStreamItem>();
        await foreach (var item in chat.StreamAsync(request, "alice", TestContext.Current.CancellationToken))
        {
            items.Add(item);
        }

        var answer = Assert.Single(items, i => i.IsFinal).Answer!;
        var pieces = items.Where(i => !i.IsFinal).Select(i => i.Text!).ToList();
        Assert.True(answer.ModelAnswered);
        Assert.Equal([ChatTestReports.NewestDaily], answer.RetrievedReports);
        Assert.Equal($"The last daily [{ChatTestReports.NewestDaily}] held 3 incidents; the weekly and more.", answer.Answer);
        Assert.Equal([ChatTestReports.NewestDaily], answer.Citations);
        Assert.Equal(2, answer.RemovedCitations);
        Assert.InRange(answer.PromptTokens, 1, answer.TokenBudget);
        Assert.True(pieces.Count > 5, $"only {pieces.Count} pieces");
        Assert.All(pieces, p => Assert.DoesNotContain("weekly-", p, StringComparison.Ordinal));
        Assert.Equal(answer.Answer, string.Concat(pieces));
    }
}
