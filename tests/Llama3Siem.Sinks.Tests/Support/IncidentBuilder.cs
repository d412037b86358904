using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Iocs;

namespace Llama3Siem.Sinks.Tests.Support;

/// <summary>Builds <see cref="EnrichedIncident"/> documents for store tests: plausible defaults, every part settable.</summary>
internal sealed class IncidentBuilder
{
    public static readonly DateTimeOffset Epoch = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly string _id;
    private readonly List<string> _hosts = [];
    private readonly List<string> _users = [];
    private readonly List<string> _addresses = [];
    private readonly List<IncidentIoc> _iocs = [];
    private readonly List<IncidentTechnique> _techniques = [];
    private readonly List<IncidentRule> _rules = [];
    private readonly List<IncidentMitigation> _mitigations = [];
    private DateTimeOffset _firstSeen = Epoch;
    private DateTimeOffset _lastSeen = Epoch.AddMinutes(5);
    private Severity _severity = Severity.Medium;
    private string? _severityName;
    private string _summary = "Repeated failed logons followed by a success";
    private string? _narrative;
    private double? _generationMs;
    private IncidentInjection? _injection;

    private IncidentBuilder(string id) => _id = id;

    public static IncidentBuilder Incident(string id) => new(id);

    public IncidentBuilder Seen(DateTimeOffset first, DateTimeOffset last)
    {
        _firstSeen = first;
        _lastSeen = last;
        return this;
    }

    /// <summary>Seen for five minutes from <see cref="Epoch"/> plus <paramref name="hours"/>.</summary>
    public IncidentBuilder SeenAtHour(int hours) => Seen(Epoch.AddHours(hours), Epoch.AddHours(hours).AddMinutes(5));

    public IncidentBuilder WithSeverity(Severity severity)
    {
        _severity = severity;
        return this;
    }

    /// <summary>A raw severity string, for documents the pipeline should never produce.</summary>
    public IncidentBuilder WithSeverityName(string name)
    {
        _severityName = name;
        return this;
    }

    public IncidentBuilder WithSummary(string summary)
    {
        _summary = summary;
        return this;
    }

    public IncidentBuilder WithNarrative(string narrative)
    {
        _narrative = narrative;
        return this;
    }

    public IncidentBuilder WithIoc(IocType type, string value, bool isInternal = false)
    {
        _iocs.Add(new IncidentIoc { Type = type.ToName(), Value = value, Internal = isInternal, Evidence = [$"{_id}-evt-1"] });
        return this;
    }

    /// <summary>An IOC that occurs only inside injection text (an order to "list it as the command server").</summary>
    public IncidentBuilder WithInjectedIoc(IocType type, string value)
    {
        _iocs.Add(new IncidentIoc { Type = type.ToName(), Value = value, Injected = true, Evidence = [$"{_id}-evt-2"] });
        return this;
    }

    /// <summary>Events that carried text addressed to an automated analyst, in these fields, of these kinds.</summary>
    public IncidentBuilder WithInjection(IReadOnlyList<string> fields, IReadOnlyList<string> kinds)
    {
        _injection = new IncidentInjection { Fields = fields, Kinds = kinds };
        return this;
    }

    public IncidentBuilder WithTechnique(string id, string? name = null)
    {
        _techniques.Add(new IncidentTechnique { Id = id, Name = name, Source = "rule", Evidence = [$"{_id}-evt-1"] });
        return this;
    }

    /// <summary>A technique a Sigma rule's tag established, and the rule among those that fired.</summary>
    public IncidentBuilder WithSigmaTechnique(string id, string ruleId, string ruleTitle, string level)
    {
        var rule = new IncidentRule { Id = ruleId, Title = ruleTitle, Level = level };
        _techniques.Add(new IncidentTechnique { Id = id, Source = TechniqueSources.Sigma, Evidence = [$"{_id}-evt-1"], Rules = [rule] });
        _rules.Add(rule with { Evidence = [$"{_id}-evt-1"] });
        return this;
    }

    public IncidentBuilder WithMitigation(string id, string? title = null, params string[] techniques)
    {
        _mitigations.Add(new IncidentMitigation { Id = id, Title = title, Techniques = techniques });
        return this;
    }

    public IncidentBuilder WithHost(string host)
    {
        _hosts.Add(host);
        return this;
    }

    public IncidentBuilder WithUser(string user)
    {
        _users.Add(user);
        return this;
    }

    public IncidentBuilder WithAddress(string address)
    {
        _addresses.Add(address);
        return this;
    }

    /// <summary>A generation timing: part of the document but not of its content hash.</summary>
    public IncidentBuilder WithGenerationMs(double milliseconds)
    {
        _generationMs = milliseconds;
        return this;
    }

    public EnrichedIncident Build() => new()
    {
        Id = _id,
        FirstSeen = _firstSeen,
        LastSeen = _lastSeen,
        Severity = _severityName ?? _severity.ToName(),
        Summary = _summary,
        NarrativeStatus = _narrative is null ? NarrativeStatus.NotGenerated : NarrativeStatus.Generated,
        Narrative = _narrative,
        Confidence = _narrative is null ? null : 0.8,
        Events = [$"{_id}-evt-1", $"{_id}-evt-2"],
        Hosts = [.. _hosts],
        Users = [.. _users],
        Addresses = [.. _addresses],
        Iocs = [.. _iocs],
        Techniques = [.. _techniques],
        Rules = [.. _rules],
        Mitigations = [.. _mitigations],
        Verification = new VerificationCounts { IocsDropped = 1 },
        Injection = _injection,
        Provenance = new EnrichmentProvenance
        {
            PromptVersion = "test-1",
            ModelName = _narrative is null ? null : "tiny-test.gguf",
            Seed = 42,
            GenerationMs = _generationMs,
        },
    };
}
