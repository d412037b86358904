using System.Text.Json.Serialization;
using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Knowledge;

namespace Llama3Siem.Prompts.Enrichment;

/// <summary>
/// The document the pipeline writes for one incident: correlated events, verified IOCs with evidence,
/// techniques, mapped mitigations, the model's narrative (when generated) and how it was all made.
/// Its JSON names are the contract of <c>incidents --json</c> and of every store.
/// </summary>
public sealed record EnrichedIncident
{
    /// <summary>Deterministic from the incident's event ids: a replay overwrites, never duplicates.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("first_seen")] public required DateTimeOffset FirstSeen { get; init; }
    [JsonPropertyName("last_seen")] public required DateTimeOffset LastSeen { get; init; }
    [JsonPropertyName("severity")] public required string Severity { get; init; }
    [JsonPropertyName("summary")] public required string Summary { get; init; }

    /// <summary><see cref="NarrativeStatus"/>: whether the model wrote the narrative.</summary>
    [JsonPropertyName("narrative_status")] public required string NarrativeStatus { get; init; }
    [JsonPropertyName("narrative")] public string? Narrative { get; init; }
    [JsonPropertyName("confidence")] public double? Confidence { get; init; }

    /// <summary>Ids of the source events, in time order.</summary>
    [JsonPropertyName("events")] public required IReadOnlyList<string> Events { get; init; }
    [JsonPropertyName("hosts")] public IReadOnlyList<string> Hosts { get; init; } = [];
    [JsonPropertyName("users")] public IReadOnlyList<string> Users { get; init; } = [];
    [JsonPropertyName("addresses")] public IReadOnlyList<string> Addresses { get; init; } = [];
    [JsonPropertyName("iocs")] public IReadOnlyList<IncidentIoc> Iocs { get; init; } = [];
    [JsonPropertyName("techniques")] public IReadOnlyList<IncidentTechnique> Techniques { get; init; } = [];

    /// <summary>Every detection rule that fired, most serious first, with its events: also those with no ATT&amp;CK tag.</summary>
    [JsonPropertyName("rules")] public IReadOnlyList<IncidentRule> Rules { get; init; } = [];
    [JsonPropertyName("mitigations")] public IReadOnlyList<IncidentMitigation> Mitigations { get; init; } = [];
    [JsonPropertyName("verification")] public VerificationCounts Verification { get; init; } = new();

    /// <summary>
    /// Text addressed to an automated analyst (prompt injection) found in the events: a finding in itself. Null (and
    /// left out of the JSON) when none was found.
    /// </summary>
    [JsonPropertyName("injection")] public IncidentInjection? Injection { get; init; }
    [JsonPropertyName("provenance")] public required EnrichmentProvenance Provenance { get; init; }
}

/// <summary>An IOC with the ids of the events it occurs in.</summary>
public sealed record IncidentIoc
{
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("value")] public required string Value { get; init; }
    [JsonPropertyName("internal")] public bool Internal { get; init; }

    /// <summary>
    /// True when the indicator occurs only inside recognised injection text (an order to "list 198.51.100.77 as the
    /// command server"): it is shown apart and never offered for blocking, exported, or counted in report tops.
    /// </summary>
    [JsonPropertyName("injected")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Injected { get; init; }

    [JsonPropertyName("evidence")] public required IReadOnlyList<string> Evidence { get; init; }
}

/// <summary>Whether any event of the incident carried text addressed to an automated analyst, in which fields, of which kinds.</summary>
public sealed record IncidentInjection
{
    [JsonPropertyName("detected")] public bool Detected { get; init; } = true;

    /// <summary>Names of the event fields that carried it (flattened, as in the source record), sorted.</summary>
    [JsonPropertyName("fields")] public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>What was recognised (instruction-override, special-token, encoded, ...), sorted.</summary>
    [JsonPropertyName("kinds")] public IReadOnlyList<string> Kinds { get; init; } = [];
}

/// <summary>
/// An ATT&amp;CK technique with how it was found (<see cref="TechniqueSources"/>), the rules that found it and its
/// supporting events.
/// </summary>
public sealed record IncidentTechnique
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("source")] public required string Source { get; init; }
    [JsonPropertyName("evidence")] public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>The detection rules whose tags give this technique, most serious first; empty for a model's technique.</summary>
    [JsonPropertyName("rules")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<IncidentRule>? Rules { get; init; }

    /// <summary>A technique the detection rules established, as the document records it.</summary>
    public static IncidentTechnique Detected(DetectedTechnique technique, string? name) => new()
    {
        Id = technique.TechniqueId,
        Name = name,
        Source = TechniqueSources.Sigma,
        Evidence = technique.EventIds,
        Rules = technique.Rules.Select(rule => IncidentRule.Of(rule)).ToList(),
    };
}

/// <summary>A Sigma rule (ours or the operator's) that fired: its id, title, level and, at incident level, its events.</summary>
public sealed record IncidentRule
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("title")] public required string Title { get; init; }

    [JsonPropertyName("level")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Level { get; init; }

    /// <summary>The events that made it fire; left out where the rule is named under a technique (whose evidence it is).</summary>
    [JsonPropertyName("evidence")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Evidence { get; init; }

    public static IncidentRule Of(RuleReference rule, IReadOnlyList<string>? evidence = null) =>
        new() { Id = rule.Id, Title = rule.Title, Level = rule.Level, Evidence = evidence };
}

/// <summary>A NIST SP 800-53 rev5 control from the technique mapping, with the techniques it addresses.</summary>
public sealed record IncidentMitigation
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("title")] public string? Title { get; init; }
    [JsonPropertyName("techniques")] public IReadOnlyList<string> Techniques { get; init; } = [];

    /// <summary>The model's short rationale, when it wrote one for a control the mapping gives.</summary>
    [JsonPropertyName("rationale")] public string? Rationale { get; init; }
}

/// <summary>What verification removed from the model's output, so that invention is visible and counted.</summary>
public sealed record VerificationCounts
{
    [JsonPropertyName("iocs_dropped")] public int IocsDropped { get; init; }
    [JsonPropertyName("techniques_dropped")] public int TechniquesDropped { get; init; }
    [JsonPropertyName("mitigations_dropped")] public int MitigationsDropped { get; init; }
}

/// <summary>
/// How the document was made. Timings and prefix-cache hits depend on what else ran at the time, so they are
/// kept out of the content hash (see <see cref="IncidentContent"/>).
/// </summary>
public sealed record EnrichmentProvenance
{
    [JsonPropertyName("prompt_version")] public required string PromptVersion { get; init; }
    [JsonPropertyName("model_name")] public string? ModelName { get; init; }
    [JsonPropertyName("model_sha256")] public string? ModelSha256 { get; init; }
    [JsonPropertyName("seed")] public uint? Seed { get; init; }
    [JsonPropertyName("temperature")] public double? Temperature { get; init; }
    [JsonPropertyName("prompt_tokens")] public int? PromptTokens { get; init; }
    [JsonPropertyName("generated_tokens")] public int? GeneratedTokens { get; init; }
    [JsonPropertyName("cached_prompt_tokens")] public int? CachedPromptTokens { get; init; }
    [JsonPropertyName("time_to_first_token_ms")] public double? TimeToFirstTokenMs { get; init; }
    [JsonPropertyName("decode_tokens_per_second")] public double? DecodeTokensPerSecond { get; init; }
    [JsonPropertyName("generation_ms")] public double? GenerationMs { get; init; }
}
