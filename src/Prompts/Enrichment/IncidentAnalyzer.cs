using System.Globalization;
using System.Text;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Iocs;
using Llama3Siem.Prompts.Knowledge;

namespace Llama3Siem.Prompts.Enrichment;

/// <summary>
/// Deterministic enrichment: everything that can be established without a model. This alone is what an
/// incident gets when no model is configured or the model fails (degrade, don't stop).
/// </summary>
public sealed class IncidentAnalyzer(IocExtractor extractor, ThreatKnowledge knowledge)
{
    private static readonly HashSet<string> HighImpactTactics = new(StringComparer.Ordinal)
    {
        "credential-access", "lateral-movement", "command-and-control", "exfiltration", "impact", "collection",
    };

    private static readonly HashSet<string> CriticalTechniques = new(StringComparer.Ordinal) { "T1486", "T1490" };

    private readonly MitigationPlanner _planner = new(knowledge);
    private readonly IocExtractionCache _iocCache = new(extractor);

    public static IncidentAnalyzer Default { get; } = new(IocExtractor.Default, ThreatKnowledge.BuiltIn);

    public IncidentFindings Analyze(Incident incident)
    {
        var iocs = ExtractIocs(incident.Events);
        var techniques = DetectionRules.Detect(incident.Events)
            .Where(t => knowledge.TryGetActiveTechnique(t.TechniqueId, out _))
            .ToList();
        // A Suricata record's host is the sensor that saw the traffic, not a host the incident touched.
        var hosts = Distinct(incident.Events.Where(e => e.Format != EventFormats.SuricataEve).Select(e => e.Host));
        var users = Distinct(incident.Events.Select(e => e.User));
        var addresses = Distinct(incident.Events.SelectMany(e => new[] { e.SourceAddress, e.DestinationAddress }));
        var severity = RateSeverity(incident.Events, techniques);

        return new IncidentFindings
        {
            Incident = incident,
            Iocs = iocs,
            Techniques = techniques,
            Mitigations = _planner.Plan(techniques.Select(t => t.TechniqueId)),
            Severity = severity,
            Summary = Summarise(incident, techniques, iocs, hosts, users),
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
    public IReadOnlyList<IncidentIoc> ExtractIocs(IReadOnlyList<SecurityEvent> events)
    {
        var found = new Dictionary<(IocType, string), (bool Internal, SortedSet<string> Evidence)>();
        var order = new List<(IocType, string)>();

        // Extraction is a pure function of the text, and an incident's events repeat values (the host in its
        // raw and normalised fields, the same image, address or channel in every event): scan each value once,
        // short ones through the analyzer's bounded cache, long ones (messages, scripts) once per incident.
        var extracted = new Dictionary<string, IReadOnlyList<Ioc>>(StringComparer.Ordinal);
        foreach (var evt in events)
        {
            foreach (var text in TextsOf(evt))
            {
                IReadOnlyList<Ioc>? iocs;
                if (text.Length <= IocExtractionCache.MaxCachedLength)
                {
                    iocs = _iocCache.Extract(text);
                }
                else if (!extracted.TryGetValue(text, out iocs))
                {
                    iocs = extractor.Extract(text);
                    extracted.Add(text, iocs);
                }

                foreach (var ioc in iocs)
                {
                    var key = (ioc.Type, ioc.Value);
                    if (!found.TryGetValue(key, out var entry))
                    {
                        entry = (ioc.Internal, new SortedSet<string>(StringComparer.Ordinal));
                        found[key] = entry;
                        order.Add(key);
                    }

                    entry.Evidence.Add(evt.Id);
                }
            }
        }

        return order
            .Select(key => new IncidentIoc
            {
                Type = key.Item1.ToName(),
                Value = key.Item2,
                Internal = found[key].Internal,
                Evidence = found[key].Evidence.ToList(),
            })
            .ToList();
    }

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

    private Severity RateSeverity(IReadOnlyList<SecurityEvent> events, IReadOnlyList<DetectedTechnique> techniques)
    {
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
        IReadOnlyList<DetectedTechnique> techniques,
        IReadOnlyList<IncidentIoc> iocs,
        IReadOnlyList<string> hosts,
        IReadOnlyList<string> users)
    {
        var text = new StringBuilder();
        text.Append(incident.Events.Count).Append(incident.Events.Count == 1 ? " event" : " events");
        if (hosts.Count > 0)
        {
            text.Append(" on ").Append(JoinFew(hosts));
        }

        if (users.Count > 0)
        {
            text.Append(" involving ").Append(JoinFew(users));
        }

        text.Append(" from ").Append(incident.FirstSeen.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Append(" to ").Append(incident.LastSeen.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('.');
        if (techniques.Count > 0)
        {
            text.Append(" Techniques: ").Append(string.Join("; ", techniques.Select(t =>
                knowledge.TryGetTechnique(t.TechniqueId, out var technique) ? $"{t.TechniqueId} {technique.Name}" : t.TechniqueId))).Append('.');
        }
        else
        {
            text.Append(" No known attack technique matched.");
        }

        var external = iocs.Count(i => !i.Internal);
        if (iocs.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" IOCs: {external} external, {iocs.Count - external} internal.");
        }

        return text.ToString();
    }

    private static string JoinFew(IReadOnlyList<string> values) =>
        values.Count <= 3 ? string.Join(", ", values) : $"{string.Join(", ", values.Take(3))} and {values.Count - 3} more";

    private static List<string> Distinct(IEnumerable<string?> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();

    private static Severity Max(Severity a, Severity b) => a >= b ? a : b;
}
