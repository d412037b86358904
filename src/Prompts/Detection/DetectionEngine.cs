using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Knowledge;

namespace Llama3Siem.Prompts.Detection;

/// <summary>
/// The deterministic detection of an incident: every Sigma rule (ours and the operator's) against every event, and
/// the ATT&amp;CK techniques the fired rules' tags stand for in the knowledge base. One engine, one rule language.
/// </summary>
public sealed class DetectionEngine
{
    private static readonly Lazy<DetectionEngine> BuiltInInstance = new(() => new(BuiltInSigmaRules.Load(), ThreatKnowledge.BuiltIn));

    private readonly SigmaRuleSet _rules;
    private readonly SigmaCorrelationSet _correlations;

    /// <summary>What each rule and correlation stands for, keyed by the object itself (ids are the authors' and may repeat).</summary>
    private readonly Dictionary<object, RuleFacts> _facts = new(ReferenceEqualityComparer.Instance);

    /// <param name="rules">
    /// Every rule used together, correlations resolved (<see cref="SigmaLoadResult.Combine"/>), since a correlation
    /// recognises its rules by identity.
    /// </param>
    public DetectionEngine(SigmaLoadResult rules, ThreatKnowledge knowledge)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(knowledge);
        _rules = new SigmaRuleSet(rules.Rules);
        _correlations = new SigmaCorrelationSet(rules.Correlations);
        RuleFacts FactsOf(SigmaRuleMetadata rule) => new(new RuleReference(rule.Id, rule.Title, rule.Level), TechniquesOf(rule.Tags, knowledge));
        foreach (var rule in rules.Rules)
        {
            _facts[rule] = FactsOf(rule.Metadata);
        }

        foreach (var correlation in rules.Correlations)
        {
            _facts[correlation] = FactsOf(correlation.Metadata);
        }
    }

    /// <summary>The built-in rules over the built-in knowledge base.</summary>
    public static DetectionEngine BuiltIn => BuiltInInstance.Value;

    /// <summary>Detection rules loaded, mapped or not, and correlation rules.</summary>
    public int RuleCount => _rules.Count + _correlations.Count;

    /// <summary>The rules and correlations whose tags stand for <paramref name="techniqueId"/> (after moves), most serious first.</summary>
    public IReadOnlyList<RuleReference> RulesFor(string techniqueId) => _facts.Values
        .Where(facts => facts.Techniques.Contains(techniqueId, StringComparer.OrdinalIgnoreCase))
        .Select(facts => facts.Reference)
        .OrderByDescending(rule => SigmaLevels.Rank(rule.Level))
        .ThenBy(rule => rule.Id, StringComparer.Ordinal)
        .ToList();

    public IncidentDetection Detect(IReadOnlyList<SecurityEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var fired = new Dictionary<object, SortedSet<string>>(ReferenceEqualityComparer.Instance);
        var order = new List<object>();
        void Fire(object rule, IEnumerable<SecurityEvent> support)
        {
            if (!fired.TryGetValue(rule, out var ids))
            {
                ids = new SortedSet<string>(StringComparer.Ordinal);
                fired[rule] = ids;
                order.Add(rule);
            }

            ids.UnionWith(support.Select(e => e.Id));
        }

        // Correlations count base rules' matches, so only events some rule matched are kept for them (in incident
        // order, which is all the correlation set reads of the others).
        var matched = new List<SigmaMatchedEvent>();
        foreach (var evt in events)
        {
            var matches = _rules.Match(evt);
            if (matches.Count == 0)
            {
                continue;
            }

            matched.Add(new SigmaMatchedEvent(evt, matches));
            foreach (var match in matches)
            {
                if (match.Rule.ReportsOnItsOwn)
                {
                    Fire(match.Rule, [evt]);
                }
            }
        }

        if (matched.Count > 0 && _correlations.Count > 0)
        {
            foreach (var correlation in _correlations.Match(matched))
            {
                Fire(correlation.Rule, correlation.Events);
            }
        }

        if (order.Count == 0)
        {
            return IncidentDetection.None;
        }

        var hits = order
            .Select(rule => new RuleHit(_facts[rule].Reference, fired[rule].ToList(), _facts[rule].Techniques))
            .OrderByDescending(hit => SigmaLevels.Rank(hit.Rule.Level))
            .ThenBy(hit => hit.Rule.Id, StringComparer.Ordinal)
            .ToList();
        return new IncidentDetection(TechniquesOf(hits), hits);
    }

    /// <summary>One result per technique, its rules most serious first and its events merged across them.</summary>
    private static List<DetectedTechnique> TechniquesOf(IReadOnlyList<RuleHit> hits)
    {
        var byTechnique = new SortedDictionary<string, (List<RuleReference> Rules, SortedSet<string> Events)>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            foreach (var technique in hit.TechniqueIds)
            {
                if (!byTechnique.TryGetValue(technique, out var entry))
                {
                    entry = ([], new SortedSet<string>(StringComparer.Ordinal));
                    byTechnique[technique] = entry;
                }

                entry.Rules.Add(hit.Rule);
                entry.Events.UnionWith(hit.EventIds);
            }
        }

        return byTechnique.Select(kv => new DetectedTechnique(kv.Key, kv.Value.Rules, kv.Value.Events.ToList())).ToList();
    }

    /// <summary>
    /// The active techniques of a rule's <c>attack.tNNNN[.NNN]</c> tags. A tag in an ATT&amp;CK release newer than the
    /// knowledge base reaches the technique it moved from; a revoked or unknown id is dropped, as verification would.
    /// </summary>
    internal static IReadOnlyList<string> TechniquesOf(IReadOnlyList<string> tags, ThreatKnowledge knowledge)
    {
        const string Prefix = "attack.";
        List<string>? techniques = null;
        foreach (var tag in tags)
        {
            if (tag.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
                && TechniqueIds.TryNormalize(tag[Prefix.Length..], out var id)
                && knowledge.TryResolveActiveTechnique(id, out var technique)
                && !(techniques ??= []).Contains(technique.Id))
            {
                techniques.Add(technique.Id);
            }
        }

        return techniques ?? (IReadOnlyList<string>)[];
    }

    private sealed record RuleFacts(RuleReference Reference, IReadOnlyList<string> Techniques);
}
