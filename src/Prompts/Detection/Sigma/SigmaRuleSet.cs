using System.Numerics;
using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// Compiled rules, grouped by logsource so an event is tested only against the rules whose logsource it can
/// belong to: a <see cref="SigmaLogsourceDispatch"/> finds the event's groups from its logsource facts. Within a
/// group, a <see cref="SigmaRuleIndex"/> on literal values (EventID, Image endings, command-line substrings) leaves
/// out the rules the event cannot match.
/// </summary>
public sealed class SigmaRuleSet
{
    /// <summary>Buffers up to this many words (a group of 8,192 rules) live on the stack.</summary>
    private const int StackWords = 128;

    private readonly LogsourceGroup[] groups;
    private readonly SigmaLogsourceDispatch dispatch;
    private readonly ISigmaFieldResolver resolver;

    // The largest group's needs, so that one pair of buffers serves every group of an event.
    private readonly int maxMarkWords;
    private readonly int maxCandidateWords;

    public SigmaRuleSet(IEnumerable<SigmaRule> rules, ISigmaFieldResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        this.resolver = resolver ?? SigmaFieldResolver.Default;

        // Groups in the order their first rule comes, each with its rules' positions in the whole set.
        var members = new Dictionary<SigmaLogsource, List<(SigmaRule Rule, int Position)>>();
        var order = new List<SigmaLogsource>();
        foreach (var rule in rules)
        {
            var position = Count++;
            if (!rule.IsLogsourceMapped)
            {
                UnmappedCount++;
                continue;
            }

            if (!members.TryGetValue(rule.Logsource, out var list))
            {
                list = [];
                members[rule.Logsource] = list;
                order.Add(rule.Logsource);
            }

            list.Add((rule, position));
        }

        groups = [.. order.Select(logsource => new LogsourceGroup(members[logsource]))];
        foreach (var group in groups)
        {
            IndexedCount += group.Index.IndexedCount;
            maxMarkWords = Math.Max(maxMarkWords, group.Index.MarkWords);
            maxCandidateWords = Math.Max(maxCandidateWords, SigmaCandidates.Words(group.Rules.Length));
        }

        dispatch = new SigmaLogsourceDispatch([.. groups.Select(g => g.Filter)]);
    }

    /// <summary>All rules given, mapped or not.</summary>
    public int Count { get; }

    /// <summary>Rules whose logsource no event of ours can have; they never match.</summary>
    public int UnmappedCount { get; }

    /// <summary>
    /// Mapped rules that require a literal value the index looks up; the others (a negation or a regex alone,
    /// say) are evaluated on every event of their logsource.
    /// </summary>
    public int IndexedCount { get; }

    /// <summary>The rules the event matches, in the order they were given.</summary>
    public IReadOnlyList<SigmaMatch> Match(SecurityEvent evt) => Match(evt, indexed: true);

    /// <summary>
    /// <see cref="Match"/> without the index: every rule of each group the event belongs to is evaluated. The
    /// reference the index is proven and measured against.
    /// </summary>
    internal IReadOnlyList<SigmaMatch> MatchEveryRule(SecurityEvent evt) => Match(evt, indexed: false);

    private IReadOnlyList<SigmaMatch> Match(SecurityEvent evt, bool indexed)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var ofEvent = dispatch.GroupsOf(evt);
        if (ofEvent.IsEmpty)
        {
            return [];
        }

        List<(int Position, SigmaRule Rule)>? matches = null;
        var view = new SigmaEventView(evt, resolver);
        Span<ulong> marks = maxMarkWords <= StackWords ? stackalloc ulong[maxMarkWords] : new ulong[maxMarkWords];
        Span<ulong> candidateWords = maxCandidateWords <= StackWords ? stackalloc ulong[maxCandidateWords] : new ulong[maxCandidateWords];
        var groupsMatched = 0;
        foreach (var position in ofEvent)
        {
            var group = groups[position];
            var candidates = candidateWords[..SigmaCandidates.Words(group.Rules.Length)];
            if (indexed)
            {
                group.Index.MarkCandidates(view, marks[..group.Index.MarkWords], candidates);
            }
            else
            {
                SigmaCandidates.SetAll(candidates, group.Rules.Length);
            }

            var before = matches?.Count ?? 0;
            for (var word = 0; word < candidates.Length; word++)
            {
                for (var bits = candidates[word]; bits != 0; bits &= bits - 1)
                {
                    var rule = (word << 6) + BitOperations.TrailingZeroCount(bits);
                    if (group.Rules[rule].Detection.Matches(view))
                    {
                        (matches ??= []).Add((group.Positions[rule], group.Rules[rule]));
                    }
                }
            }

            groupsMatched += matches?.Count > before ? 1 : 0;
        }

        if (matches is null)
        {
            return [];
        }

        // Each group's matches are in order already; only matches from several groups need merging.
        if (groupsMatched > 1)
        {
            matches.Sort((a, b) => a.Position.CompareTo(b.Position));
        }

        return [.. matches.Select(m => new SigmaMatch(m.Rule))];
    }

    /// <summary>The rules of one logsource, in the set's order, and their index.</summary>
    private sealed class LogsourceGroup
    {
        public LogsourceGroup(IReadOnlyList<(SigmaRule Rule, int Position)> members)
        {
            Rules = [.. members.Select(m => m.Rule)];
            Positions = [.. members.Select(m => m.Position)];
            Filter = Rules[0].LogsourceFilter!;
            Index = new SigmaRuleIndex([.. Rules.Select(r => r.Detection)]);
        }

        public SigmaLogsourceFilter Filter { get; }
        public SigmaRule[] Rules { get; }

        /// <summary>Each rule's position in the whole set, for ordering matches across groups.</summary>
        public int[] Positions { get; }

        public SigmaRuleIndex Index { get; }
    }
}
