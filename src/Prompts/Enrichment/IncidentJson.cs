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
        var bytes = Encoding.UTF8.GetBytes(IncidentJson.Serialize(timeless));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
