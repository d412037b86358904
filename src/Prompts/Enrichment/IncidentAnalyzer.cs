using System.Globalization;
using System.Text;
using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Injection;
using Llama3Siem.Prompts.Iocs;
using Llama3Siem.Prompts.Knowledge;

namespace Llama3Siem.Prompts.Enrichment;

/// <summary>
/// Deterministic enrichment: everything that can be established without a model. This alone is what an
/// incident gets when no model is configured or the model fails (degrade, don't stop).
/// </summary>
/// <remarks>
/// Text addressed to an automated analyst (<see cref="InjectionDetector"/>) is a finding: the incident records
/// which fields carried it, is at least of medium severity, and an indicator that occurs only inside such text is
/// marked injected, never taken as evidence.
/// </remarks>
/// <param name="detection">The rules; by default the built-in Sigma rules over <paramref name="knowledge"/>.</param>
public sealed class IncidentAnalyzer(IocExtractor extractor, ThreatKnowledge knowledge, InjectionDetector? detector = null, DetectionEngine? detection = null)
{
    private static readonly HashSet<string> HighImpactTactics = new(StringComparer.Ordinal)
    {
        "credential-access", "lateral-movement", "command-and-control", "exfiltration", "impact", "collection",
    };

    private static readonly HashSet<string> CriticalTechniques = new(StringComparer.Ordinal) { "T1486", "T1490" };

    private readonly MitigationPlanner _planner = new(knowledge);
    private readonly TextEvidenceCache _evidence = new(extractor, detector ?? InjectionDetector.Default);
    private readonly DetectionEngine _detection = detection
        ?? (ReferenceEquals(knowledge, ThreatKnowledge.BuiltIn) ? DetectionEngine.BuiltIn : new DetectionEngine(BuiltInSigmaRules.Load(), knowledge));

    public static IncidentAnalyzer Default { get; } = new(IocExtractor.Default, ThreatKnowledge.BuiltIn);

    public IncidentFindings Analyze(Incident incident)
    {
        var evidence = EvidenceOf(incident.Events);
        var iocs = ExtractIocs(incident.Events, evidence);
        var injection = InjectionOf(incident.Events, evidence);
        var detected = _detection.Detect(incident.Events);
        var techniques = detected.Techniques;
        // A Suricata record's host is the sensor that saw the traffic, not a host the incident touched.
        var hosts = Distinct(incident.Events.Where(e => e.Format != EventFormats.SuricataEve).Select(e => e.Host));
        var users = Distinct(incident.Events.Select(e => e.User));
        var addresses = Distinct(incident.Events.SelectMany(e => new[] { e.SourceAddress, e.DestinationAddress }));
        var severity = RateSeverity(incident.Events, detected);
        if (injection is not null)
        {
            severity = Max(severity, Severity.Medium);
        }

        return new IncidentFindings
        {
            Incident = incident,
            Iocs = iocs,
            Techniques = techniques,
            RuleHits = detected.Hits,
            Mitigations = _planner.Plan(techniques.Select(t => t.TechniqueId)),
            Severity = severity,
            Summary = Summarise(incident, detected, iocs, hosts, users, injection, evidence),
            Injection = injection,
            Hosts = hosts,
            Users = users,
            Addresses = addresses,
            TechniqueNames = techniques
                .Select(t => knowledge.TryGetTechnique(t.TechniqueId, out var technique) ? technique : null)
                .OfType<AttackTechnique>()
                .ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// IOCs of every field of every event, each with the events it occurs in. Fields are scanned one by one so
    /// that two adjacent fields can never join into an indicator that neither holds.
    /// </summary>
    public IReadOnlyList<IncidentIoc> ExtractIocs(IReadOnlyList<SecurityEvent> events) => ExtractIocs(events, EvidenceOf(events));

    private static IReadOnlyList<IncidentIoc> ExtractIocs(IReadOnlyList<SecurityEvent> events, IReadOnlyDictionary<string, TextEvidence> evidence)
    {
        var found = new Dictionary<(IocType, string), (bool Internal, bool Evidence, SortedSet<string> Events)>();
        var order = new List<(IocType, string)>();
        foreach (var evt in events)
        {
            foreach (var text in TextsOf(evt))
            {
                var scanned = evidence[text];
                foreach (var ioc in scanned.Iocs)
                {
                    var key = (ioc.Type, ioc.Value);
                    if (!found.TryGetValue(key, out var entry))
                    {
                        entry = (ioc.Internal, false, new SortedSet<string>(StringComparer.Ordinal));
                        order.Add(key);
                    }

                    entry.Events.Add(evt.Id);
                    found[key] = entry with { Evidence = entry.Evidence || scanned.IsEvidence(ioc) };
                }
            }
        }

        return order
            .Select(key => new IncidentIoc
            {
                Type = key.Item1.ToName(),
                Value = key.Item2,
                Internal = found[key].Internal,
                Injected = !found[key].Evidence,
                Evidence = found[key].Events.ToList(),
            })
            .ToList();
    }

    /// <summary>
    /// Every distinct text of the incident's events, scanned once. An incident's events repeat values (the host in
    /// its raw and normalised fields, the same image, address or channel in every event): short values go through
    /// the analyzer's bounded cache, long ones (messages, scripts) are scanned once per incident.
    /// </summary>
    private Dictionary<string, TextEvidence> EvidenceOf(IReadOnlyList<SecurityEvent> events)
    {
        var evidence = new Dictionary<string, TextEvidence>(StringComparer.Ordinal);
        foreach (var text in events.SelectMany(TextsOf))
        {
            if (!evidence.ContainsKey(text))
            {
                evidence[text] = _evidence.Of(text);
            }
        }

        return evidence;
    }

    /// <summary>Which raw fields carried injection text and of which kinds; null when none did.</summary>
    private static IncidentInjection? InjectionOf(IReadOnlyList<SecurityEvent> events, IReadOnlyDictionary<string, TextEvidence> evidence)
    {
        var fields = new SortedSet<string>(StringComparer.Ordinal);
        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var evt in events)
        {
            foreach (var (name, value, scanned) in FieldsOf(evt, evidence))
            {
                if (scanned.Injection.Count > 0)
                {
                    // A field name comes from the record too: bounded and cleaned before anything shows it.
                    fields.Add(FieldName(name));
                    kinds.UnionWith(scanned.Injection.Select(span => span.Kind));
                }
            }
        }

        return fields.Count == 0 ? null : new IncidentInjection { Fields = [.. fields], Kinds = [.. kinds] };
    }

    /// <summary>Raw fields by name, then normalised values that no raw field holds verbatim.</summary>
    private static IEnumerable<(string Name, string Value, TextEvidence Evidence)> FieldsOf(SecurityEvent evt, IReadOnlyDictionary<string, TextEvidence> evidence)
    {
        foreach (var (name, value) in evt.Fields)
        {
            if (evidence.TryGetValue(value, out var scanned))
            {
                yield return (name, value, scanned);
            }
        }

        var rawValues = evt.Fields.Values.ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in InjectionDetector.NormalisedValues(evt))
        {
            if (value is not null && evidence.TryGetValue(value, out var scanned) && !rawValues.Contains(value))
            {
                yield return (name, value, scanned);
            }
        }
    }

    private static string FieldName(string name) =>
        SummaryNames.LooksLikeIdentifier(name, SummaryNames.MaxFieldNameChars) ? name : $"(a field name of {name.Length} characters)";

    /// <summary>The texts of an event that IOCs and claims are checked against: every raw field, then the normalised ones.</summary>
    public static IEnumerable<string> TextsOf(SecurityEvent evt)
    {
        foreach (var value in evt.Fields.Values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                yield return value;
            }
        }

        foreach (var value in new[] { evt.Host, evt.User, evt.SourceAddress, evt.DestinationAddress, evt.ProcessName, evt.CommandLine, evt.ParentProcessName, evt.RuleName, evt.Message })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                yield return value;
            }
        }
    }

    private Severity RateSeverity(IReadOnlyList<SecurityEvent> events, IncidentDetection detected)
    {
        var techniques = detected.Techniques;
        var severity = Severity.Low;
        if (techniques.Count > 0)
        {
            severity = Severity.Medium;
        }

        var tactics = techniques
            .SelectMany(t => knowledge.TryGetTechnique(t.TechniqueId, out var technique) ? technique.Tactics : [])
            .ToHashSet(StringComparer.Ordinal);
        if (tactics.Overlaps(HighImpactTactics))
        {
            severity = Severity.High;
        }

        if (techniques.Any(t => CriticalTechniques.Contains(t.TechniqueId))
            || (tactics.Contains("credential-access") && tactics.Contains("lateral-movement")))
        {
            severity = Severity.Critical;
        }

        // A rule's level is its author's judgement of a match: a floor, as an IDS's own severity is.
        foreach (var hit in detected.Hits)
        {
            if (SigmaLevels.Floor(hit.Rule.Level) is { } floor)
            {
                severity = Max(severity, floor);
            }
        }

        // An IDS's own top severity (Suricata 1) or an ECS risk score counts as a floor.
        foreach (var evt in events)
        {
            if (evt.Format == EventFormats.SuricataEve && evt.Fields.TryGetValue("alert.severity", out var ids) && ids == "1")
            {
                severity = Max(severity, Severity.High);
            }

            if (evt.Fields.TryGetValue("event.severity", out var ecs)
                && int.TryParse(ecs, NumberStyles.Integer, CultureInfo.InvariantCulture, out var score))
            {
                severity = Max(severity, score >= 99 ? Severity.Critical : score >= 73 ? Severity.High : score >= 47 ? Severity.Medium : Severity.Low);
            }
        }

        return severity;
    }

    private string Summarise(
        Incident incident,
        IncidentDetection detected,
        IReadOnlyList<IncidentIoc> iocs,
        IReadOnlyList<string> hosts,
        IReadOnlyList<string> users,
        IncidentInjection? injection,
        IReadOnlyDictionary<string, TextEvidence> evidence)
    {
        // Our words stay ours: a host or user is named only when it looks like an identifier and carries no
        // injection; anything else is described by what it is, so no payload's words reach the summary.
        string Name(string value, string what) =>
            SummaryNames.Describe(value, what, evidence.TryGetValue(value, out var scanned) && scanned.Injection.Count > 0);

        var text = new StringBuilder();
        text.Append(incident.Events.Count).Append(incident.Events.Count == 1 ? " event" : " events");
        if (hosts.Count > 0)
        {
            text.Append(" on ").Append(JoinFew(hosts.Select(h => Name(h, "host name")).Distinct(StringComparer.Ordinal).ToList()));
        }

        if (users.Count > 0)
        {
            text.Append(" involving ").Append(JoinFew(users.Select(u => Name(u, "user name")).Distinct(StringComparer.Ordinal).ToList()));
        }

        text.Append(" from ").Append(incident.FirstSeen.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Append(" to ").Append(incident.LastSeen.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('.');
        if (detected.Techniques.Count > 0)
        {
            text.Append(" Techniques: ").Append(string.Join("; ", detected.Techniques.Select(t =>
                knowledge.TryGetTechnique(t.TechniqueId, out var technique) ? $"{t.TechniqueId} {technique.Name}" : t.TechniqueId))).Append('.');
        }
        else
        {
            text.Append(" No known attack technique matched.");
        }

        // Rule titles are the rule authors' words (ours or the operator's), never event text.
        if (detected.Hits.Count > 0)
        {
            text.Append(" Rules: ").Append(JoinFew(detected.Hits
                .Select(hit => hit.Rule.Level is { } level ? $"{hit.Rule.Title} ({level})" : hit.Rule.Title)
                .ToList())).Append('.');
        }

        var injected = iocs.Count(i => i.Injected);
        var external = iocs.Count(i => !i.Internal && !i.Injected);
        if (iocs.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" IOCs: {external} external, {iocs.Count - injected - external} internal");
            text.Append(injected > 0 ? string.Create(CultureInfo.InvariantCulture, $", {injected} only inside injection text (not evidence).") : ".");
        }

        if (injection is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" Text addressed to an automated analyst was found in {injection.Fields.Count} {(injection.Fields.Count == 1 ? "field" : "fields")} ({string.Join(", ", injection.Kinds)}): treat it as an attack on the analysis.");
        }

        return text.ToString();
    }

    private static string JoinFew(IReadOnlyList<string> values) =>
        values.Count <= 3 ? string.Join(", ", values) : $"{string.Join(", ", values.Take(3))} and {values.Count - 3} more";

    private static List<string> Distinct(IEnumerable<string?> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();

    private static Severity Max(Severity a, Severity b) => a >= b ? a : b;
}
