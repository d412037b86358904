using Llama3Siem.Prompts.Enrichment;

namespace Llama3Siem.Prompts.Tests.Enrichment;

public sealed class IncidentContentTests
{
    private static EnrichedIncident Document(EnrichmentProvenance provenance)
    {
        var incident = Incident.FromEvents([TestEvents.Of("ecs", "e-1", fields: [("message", "download from http://evil.top/a.ps1")])]);
        return IncidentDocuments.Deterministic(IncidentAnalyzer.Default.Analyze(incident), NarrativeStatus.NotGenerated, provenance);
    }

    [Fact]
    public void The_hash_from_the_serialised_document_equals_the_hash_of_the_document()
    {
        var document = Document(new EnrichmentProvenance { PromptVersion = "v1" });

        Assert.Equal(IncidentContent.Hash(document), IncidentContent.Hash(document, IncidentJson.Serialize(document)));
    }

    [Fact]
    public void Timings_change_neither_hash()
    {
        var timeless = Document(new EnrichmentProvenance { PromptVersion = "v1" });
        var timed = timeless with
        {
            Provenance = timeless.Provenance with { TimeToFirstTokenMs = 12.5, GenerationMs = 80, DecodeTokensPerSecond = 30, CachedPromptTokens = 800 },
        };

        Assert.Equal(IncidentContent.Hash(timeless), IncidentContent.Hash(timed));
        Assert.Equal(IncidentContent.Hash(timeless), IncidentContent.Hash(timed, IncidentJson.Serialize(timed)));
    }
}
