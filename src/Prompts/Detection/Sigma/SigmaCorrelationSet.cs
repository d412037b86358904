namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// Resolved correlation rules, evaluated over one incident at a time: the incident is the correlation's horizon,
/// and each rule's <c>timespan</c> slides within it. Built from the correlations of the same
/// <see cref="SigmaLoadResult.Combine"/> result as the <see cref="SigmaRuleSet"/> whose matches it is given, since a
/// correlation recognises its rules by identity.
/// </summary>
public sealed class SigmaCorrelationSet
{
    private readonly List<SigmaCorrelationRule> correlations;
    private readonly Dictionary<SigmaRule, List<(int Correlation, int Rule)>> usesByRule = [];
    private readonly ISigmaFieldResolver resolver;

    /// <param name="correlations">Resolved correlations (<see cref="SigmaLoadResult.Correlations"/> of a combined result).</param>
    /// <param name="resolver">Finds group-by and value_count fields; the rules' own by default.</param>
    /// <exception cref="ArgumentException">A correlation is not resolved.</exception>
    public SigmaCorrelationSet(IEnumerable<SigmaCorrelationRule> correlations, ISigmaFieldResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(correlations);
        this.correlations = correlations.ToList();
        this.resolver = resolver ?? SigmaFieldResolver.Default;
        for (var c = 0; c < this.correlations.Count; c++)
        {
            var correlation = this.correlations[c];
            if (!correlation.IsResolved)
            {
                throw new ArgumentException($"Correlation '{correlation.Title}' is not resolved: use SigmaLoadResult.Combine.", nameof(correlations));
            }

            for (var r = 0; r < correlation.Rules.Count; r++)
            {
                if (!usesByRule.TryGetValue(correlation.Rules[r], out var uses))
                {
                    uses = [];
                    usesByRule[correlation.Rules[r]] = uses;
                }

                uses.Add((c, r));
            }
        }
    }

    public int Count => correlations.Count;

    /// <summary>
    /// Every correlation that holds in the incident, once per group: in the order of the set's correlations, and a
    /// correlation's groups in the order their first event appears.
    /// </summary>
    /// <param name="incident">The incident's events, each with its rule matches.</param>
    public IReadOnlyList<SigmaCorrelationMatch> Match(IReadOnlyList<SigmaMatchedEvent> incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var hits = new List<SigmaCorrelationHit>?[correlations.Count];
        for (var position = 0; position < incident.Count; position++)
        {
            foreach (var match in incident[position].Matches)
            {
                if (!usesByRule.TryGetValue(match.Rule, out var uses))
                {
                    continue;
                }

                foreach (var (c, r) in uses)
                {
                    var list = hits[c] ??= [];
                    if (list.Count == 0 || list[^1].Position != position)
                    {
                        list.Add(new SigmaCorrelationHit(incident[position].Event, position, correlations[c].Rules.Count));
                    }

                    list[^1].Matched[r] = true;
                }
            }
        }

        var found = new List<SigmaCorrelationMatch>();
        for (var c = 0; c < correlations.Count; c++)
        {
            if (hits[c] is { } correlationHits)
            {
                found.AddRange(SigmaCorrelationEvaluator.Evaluate(correlations[c], correlationHits, resolver));
            }
        }

        return found;
    }
}
