using System.Text.Json;
using System.Text.Json.Nodes;
using Llama3Siem.TestModels;

namespace Llama3Siem.Worker.Tests.Cli;

/// <summary><c>prompt</c>: what the model sees, per incident, and the proof that event text adds no special token.</summary>
public sealed class PromptCommandTests : IDisposable
{
    /// <summary>The template's own special tokens: begin-of-text, the system and user turns, the open assistant header.</summary>
    private static readonly string[] TemplateSpecialTokens =
    [
        "<|begin_of_text|>",
        "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>",
        "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>",
        "<|start_header_id|>", "<|end_header_id|>",
    ];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task With_a_model_every_incident_of_the_injection_corpus_carries_exactly_the_template_special_tokens()
    {
        var model = TestModelFactory.WriteTiny(_folder.File("tiny.gguf"));
        var events = _folder.File("corpus-events.jsonl");
        var corpus = Path.Combine(RepositoryFiles.Root(), "tests", "Llama3Siem.Prompts.Tests", "Injection", "Corpus", "injection-corpus.jsonl");
        var records = File.ReadLines(corpus).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!["record"]!.ToJsonString()).ToList();
        await File.WriteAllLinesAsync(events, records, TestContext.Current.CancellationToken);

        // One event an incident, so that every record is in a prompt of its own (none left out by the budget).
        var (exitCode, output, error) = await CliRunner.RunAsync(
            "prompt", "--input", events, "--model", model, "--json", "--Correlation:MaxEventsPerIncident=1");

        Assert.True(exitCode == 0, error);
        var incidents = Lines(output);
        Assert.Equal(records.Count, incidents.Count);
        Assert.All(incidents, incident =>
        {
            Assert.False(incident.GetProperty("tokens_estimated").GetBoolean());
            Assert.InRange(incident.GetProperty("tokens").GetInt32(), 100, 100_000);
            Assert.Equal(TemplateSpecialTokens, incident.GetProperty("special_tokens").EnumerateArray().Select(t => t.GetString()));
        });
    }

    [Fact]
    public async Task A_benign_incident_has_the_same_special_tokens_and_its_prompt_printed()
    {
        var model = TestModelFactory.WriteTiny(_folder.File("tiny.gguf"));

        var (exitCode, output, error) = await CliRunner.RunAsync("prompt", "--input", RepositoryFiles.Sample("events.jsonl"), "--model", model, "--json");

        Assert.True(exitCode == 0, error);
        var incidents = Lines(output);
        Assert.NotEmpty(incidents);
        Assert.All(incidents, incident =>
        {
            Assert.Equal(TemplateSpecialTokens, incident.GetProperty("special_tokens").EnumerateArray().Select(t => t.GetString()));
            Assert.StartsWith("inc-", incident.GetProperty("incident").GetString(), StringComparison.Ordinal);
            Assert.Contains("<events>", incident.GetProperty("prompt").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Without_a_model_each_prompt_is_printed_with_an_estimated_token_count()
    {
        var (exitCode, output, error) = await CliRunner.RunAsync("prompt", "--input", RepositoryFiles.Sample("events.jsonl"));

        Assert.True(exitCode == 0, error);
        Assert.Contains("=== incident inc-", output, StringComparison.Ordinal);
        Assert.Contains("(estimated: no --model)", output, StringComparison.Ordinal);
        Assert.Contains("<|start_header_id|>assistant<|end_header_id|>", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_input_is_a_usage_error()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("prompt", "--input", _folder.File("nope.jsonl"));

        Assert.Equal(2, exitCode);
        Assert.Contains("--input", error, StringComparison.Ordinal);
    }

    private static List<JsonElement> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
