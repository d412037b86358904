using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// Compiled rules, grouped by logsource so an event is tested only against the rules whose logsource it can
/// belong to: the groups are indexed by event format, and each group's logsource test runs once per event.
/// A further index on literal values (EventID, Image endings) is a later optimisation.
/// </summary>
public sealed class SigmaRuleSet
{
    private readonly Dictionary<string, List<LogsourceGroup>> byFormat = new(StringComparer.Ordinal);
    private readonly ISigmaFieldResolver resolver;

    public SigmaRuleSet(IEnumerable<SigmaRule> rules, ISigmaFieldResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        this.resolver = resolver ?? SigmaFieldResolver.Default;
        var groups = new Dictionary<SigmaLogsource, LogsourceGroup>();
        foreach (var rule in rules)
        {
            Count++;
            if (rule.LogsourceFilter is not { } filter)
            {
                UnmappedCount++;
                continue;
            }

            if (!groups.TryGetValue(rule.Logsource, out var group))
            {
                group = new LogsourceGroup(filter);
                groups[rule.Logsource] = group;
                foreach (var format in filter.Formats)
                {
                    if (!byFormat.TryGetValue(format, out var list))
                    {
                        list = [];
                        byFormat[format] = list;
                    }

                    list.Add(group);
                }
            }

            group.Rules.Add(rule);
        }
    }

    /// <summary>All rules given, mapped or not.</summary>
    public int Count { get; }

    /// <summary>Rules whose logsource no event of ours can have; they never match.</summary>
    public int UnmappedCount { get; }

    public IReadOnlyList<SigmaMatch> Match(SecurityEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (!byFormat.TryGetValue(evt.Format, out var groups))
        {
            return [];
        }

        List<SigmaMatch>? matches = null;
        var view = new SigmaEventView(evt, resolver);
        foreach (var group in groups)
        {
            if (!group.Filter.Applies(evt))
            {
                continue;
            }

            foreach (var rule in group.Rules)
            {
                if (rule.Detection.Matches(view))
                {
                    (matches ??= []).Add(new SigmaMatch(rule));
                }
            }
        }

        return matches ?? (IReadOnlyList<SigmaMatch>)[];
    }

    private sealed class LogsourceGroup(SigmaLogsourceFilter filter)
    {
        public SigmaLogsourceFilter Filter { get; } = filter;
        public List<SigmaRule> Rules { get; } = [];
    }
}
