using System.Text;
using System.Text.Json;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Iocs;
using Llama3Siem.TestModels;

namespace Llama3Siem.Worker.Tests.Pipeline;

/// <summary>
/// file -> pipeline -> SQLite with real LLamaSharp on a generated model (random weights, Llama 3 tokenizer and
/// chat template): the text is meaningless, but loading, templating, grammar, parsing and verification are real.
/// </summary>
public sealed class ModelEnrichmentTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task With_a_model_every_output_parses_every_kept_ioc_occurs_in_its_evidence_and_a_second_run_changes_nothing()
    {
        var input = RepositoryFiles.Sample("events.jsonl");
        var model = TestModelFactory.WriteTiny(_folder.File("tiny.gguf"), seed: 1);
        var db = _folder.File("incidents.db");
        string[] args =
        [
            "enrich", "--input", input, "--db", db, "--model", model, "--quiet",
            "--DeadLetters:Path=" + _folder.File("dead.jsonl"),
            // The tiny model's byte-level vocabulary needs about one token per byte: give the prompt room.
            "--Llama:ContextSize=8192", "--Llama:MaxTokens=2048", "--Llama:Threads=2",
        ];

        var first = await CliRunner.RunAsync(args);
        Assert.True(first.ExitCode == 0, first.Error);

        // The random model's inventions are dropped and counted, not stored.
        Assert.Matches(@"iocs\s+\d+\s+\(dropped by verification \d+\)", first.Output);
        Assert.Matches(@"techniques dropped\s+\d+", first.Output);
        Assert.Matches(@"mitigations dropped\s+\d+", first.Output);
        var incidents = await ListAsync(db);
        var events = ParseAll(input);

        Assert.NotEmpty(incidents);
        var modelSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model)));
        foreach (var incident in incidents)
        {
            // Every answer parsed under the grammar: nothing fell back to the deterministic enrichment.
            Assert.Equal(NarrativeStatus.Generated, incident.NarrativeStatus);
            Assert.NotNull(incident.Narrative);
            Assert.InRange(incident.Confidence!.Value, 0, 1);
            Assert.Equal("tiny.gguf", incident.Provenance.ModelName);
            Assert.Equal(modelSha256, incident.Provenance.ModelSha256);
            Assert.True(incident.Provenance.PromptTokens > 0);
            Assert.True(incident.Provenance.GeneratedTokens > 0);

            foreach (var ioc in incident.Iocs)
            {
                Assert.True(IocTypeNames.TryParse(ioc.Type, out _), ioc.Type);
                Assert.NotEmpty(ioc.Evidence);
                foreach (var eventId in ioc.Evidence)
                {
                    Assert.Contains(eventId, incident.Events);
                    Assert.Contains(IncidentAnalyzer.TextsOf(events[eventId]), text => Defanging.Refang(text).Contains(ioc.Value, StringComparison.OrdinalIgnoreCase));
                }
            }

            Assert.All(incident.Techniques, t => Assert.True(Llama3Siem.Prompts.Knowledge.ThreatKnowledge.BuiltIn.TryGetActiveTechnique(t.Id, out _), t.Id));

            // No control the mapping does not give for the incident's own verified techniques.
            var mapped = incident.Techniques.SelectMany(t => Llama3Siem.Prompts.Knowledge.ThreatKnowledge.BuiltIn.ControlsFor(t.Id)).ToHashSet();
            Assert.All(incident.Mitigations, m => Assert.Contains(m.Id, mapped));
        }

        // The stable system prefix is decoded once: later incidents fork it from the engine's prefix cache.
        Assert.Contains(incidents, i => i.Provenance.CachedPromptTokens > 0);
        Assert.All(incidents, i => Assert.True(i.Provenance.CachedPromptTokens < i.Provenance.PromptTokens));

        var second = await CliRunner.RunAsync(args);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal(
            incidents.Select(IncidentJson.Serialize),
            (await ListAsync(db)).Select(IncidentJson.Serialize));
    }

    private static Dictionary<string, SecurityEvent> ParseAll(string path)
    {
        var parser = new EventParser();
        return File.ReadAllLines(path)
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => parser.Parse(Encoding.UTF8.GetBytes(l)).Event!)
            .GroupBy(e => e.Id)
            .ToDictionary(g => g.Key, g => g.First());
    }

    private static async Task<List<EnrichedIncident>> ListAsync(string db)
    {
        var (exitCode, output, error) = await CliRunner.RunAsync("incidents", "--db", db, "--json", "--limit", "1000");
        Assert.True(exitCode == 0, error);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(IncidentJson.Deserialize).ToList();
    }
}
