using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Llama3Siem.Prompts.Enrichment;

/// <summary>The one JSON form of <see cref="EnrichedIncident"/>, shared by stores and the command line.</summary>
public static class IncidentJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Event text can hold anything; escaping stays minimal but valid JSON for humans reading the output.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(EnrichedIncident incident) => JsonSerializer.Serialize(incident, Options);

    public static EnrichedIncident Deserialize(string json) =>
        JsonSerializer.Deserialize<EnrichedIncident>(json, Options)
        ?? throw new JsonException("An incident document was null.");
}

/// <summary>
/// The content of an incident without its timings: two enrichments of the same events with the same model,
/// prompt and seed have the same content hash, so a re-run can leave the store untouched.
/// </summary>
public static class IncidentContent
{
    public static string Hash(EnrichedIncident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return incident.Provenance is { } provenance && IsTimeless(provenance) ? HashOf(IncidentJson.Serialize(incident)) : HashOfTimeless(incident);
    }

    /// <summary>
    /// The same hash as <see cref="Hash(EnrichedIncident)"/> when the caller already holds the document's
    /// <see cref="IncidentJson"/> form (a store writing it): without timings, that text is what is hashed.
    /// </summary>
    public static string Hash(EnrichedIncident incident, string serialized)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(serialized);
        return incident.Provenance is { } provenance && IsTimeless(provenance) ? HashOf(serialized) : HashOfTimeless(incident);
    }

    private static bool IsTimeless(EnrichmentProvenance provenance) =>
        provenance.TimeToFirstTokenMs is null && provenance.GenerationMs is null
        && provenance.DecodeTokensPerSecond is null && provenance.CachedPromptTokens is null;

    private static string HashOf(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    private static string HashOfTimeless(EnrichedIncident incident)
    {
        var timeless = incident with
        {
            Provenance = incident.Provenance with
            {
                TimeToFirstTokenMs = null,
                GenerationMs = null,
                DecodeTokensPerSecond = null,
                CachedPromptTokens = null,
            },
        };
        return HashOf(IncidentJson.Serialize(timeless));
    }
}
