using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// One correlation over the events its rules matched in an incident. Events are grouped by their group-by values
/// (an event without the field is in the group of the empty value, as the pySigma backends' queries group it), then
/// each group's events are taken in time order and the condition is tested on every maximal window: the largest run
/// of events whose first and last lie at most <c>timespan</c> apart (both ends included). Every window that is not
/// maximal holds a subset of a maximal one, so this finds every count a sliding window of any start could see, and
/// a condition with an upper bound (<c>lt</c>, <c>eq</c>) is not met by cutting a busy period short.
/// </summary>
internal static class SigmaCorrelationEvaluator
{
    public static IEnumerable<SigmaCorrelationMatch> Evaluate(SigmaCorrelationRule correlation, List<SigmaCorrelationHit> hits, ISigmaFieldResolver resolver)
    {
        var groups = new List<(Dictionary<string, string> Values, List<SigmaCorrelationHit> Hits)>();
        var groupByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var fields = correlation.GroupBy.Distinct(StringComparer.Ordinal).ToList();
        foreach (var hit in hits)
        {
            var values = fields.ToDictionary(field => field, field => string.Join(", ", Values(correlation, hit, field, resolver)), StringComparer.Ordinal);
            var key = string.Join('\0', fields.Select(field => values[field]));
            if (!groupByKey.TryGetValue(key, out var index))
            {
                index = groups.Count;
                groupByKey[key] = index;
                groups.Add((values, []));
            }

            groups[index].Hits.Add(hit);
        }

        foreach (var (values, groupHits) in groups)
        {
            var ordered = groupHits.OrderBy(h => h.Event.Timestamp).ThenBy(h => h.Position).ToList();
            if (QualifyingEvents(correlation, ordered, resolver) is { Count: > 0 } events)
            {
                yield return new SigmaCorrelationMatch(correlation, values, events);
            }
        }
    }

    private static List<SecurityEvent> QualifyingEvents(SigmaCorrelationRule correlation, List<SigmaCorrelationHit> ordered, ISigmaFieldResolver resolver)
    {
        var counted = correlation.Type == SigmaCorrelationType.ValueCount
            ? ordered.Select(hit => Values(correlation, hit, correlation.Condition.Field!, resolver)).ToList()
            : null;
        var inWindow = new bool[ordered.Count];
        var end = -1;
        for (var start = 0; start < ordered.Count; start++)
        {
            var previousEnd = end;
            while (end + 1 < ordered.Count && ordered[end + 1].Event.Timestamp - ordered[start].Event.Timestamp <= correlation.Timespan)
            {
                end++;
            }

            // A window ending where the previous one ended holds a subset of its events: not maximal.
            if (start > 0 && end == previousEnd)
            {
                continue;
            }

            var count = correlation.Type switch
            {
                SigmaCorrelationType.EventCount => end - start + 1,
                SigmaCorrelationType.ValueCount => counted!.Skip(start).Take(end - start + 1).SelectMany(v => v).Distinct(StringComparer.Ordinal).Count(),
                SigmaCorrelationType.Temporal => Enumerable.Range(0, correlation.Rules.Count).Count(r => Enumerable.Range(start, end - start + 1).Any(i => ordered[i].Matched[r])),
                _ => LongestOrderedChain(ordered, start, end, correlation.Rules.Count),
            };
            if (correlation.Condition.Holds(count))
            {
                Array.Fill(inWindow, true, start, end - start + 1);
            }
        }

        return ordered.Where((_, i) => inWindow[i]).Select(hit => hit.Event).ToList();
    }

    /// <summary>
    /// How many of the rules, in their listed order, matched one after another in the window: the longest
    /// subsequence of the rule list whose matches follow each other in time (ties by incident order).
    /// </summary>
    private static int LongestOrderedChain(List<SigmaCorrelationHit> ordered, int start, int end, int ruleCount)
    {
        // chain[r]: the longest ordered run so far that ends with a match of rule r.
        var chain = new int[ruleCount];
        var step = new int[ruleCount];
        for (var i = start; i <= end; i++)
        {
            // Built from the runs before this event only, so one event never serves as two steps.
            var bestBefore = 0;
            for (var r = 0; r < ruleCount; r++)
            {
                step[r] = ordered[i].Matched[r] ? bestBefore + 1 : 0;
                bestBefore = Math.Max(bestBefore, chain[r]);
            }

            for (var r = 0; r < ruleCount; r++)
            {
                chain[r] = Math.Max(chain[r], step[r]);
            }
        }

        return chain.Max();
    }

    /// <summary>A group-by or value_count field's values in an event, through the correlation's aliases.</summary>
    private static IReadOnlyList<string> Values(SigmaCorrelationRule correlation, SigmaCorrelationHit hit, string field, ISigmaFieldResolver resolver)
    {
        if (correlation.AliasFields.TryGetValue(field, out var fieldByRule))
        {
            for (var r = 0; r < fieldByRule.Length; r++)
            {
                if (hit.Matched[r] && fieldByRule[r] is { } aliased)
                {
                    return resolver.Resolve(hit.Event, aliased);
                }
            }
        }

        return resolver.Resolve(hit.Event, field);
    }
}
