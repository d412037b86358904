using System.Collections.Concurrent;
using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// Which of a rule set's logsource groups an event belongs to. A group's predicate reads nothing but the event's
/// <see cref="SigmaLogsourceFacts"/>, so the answer is worked out once per distinct facts and remembered: with
/// SigmaHQ's set, a Windows event then costs reading its facts and one lookup instead of some 60 predicates.
/// </summary>
internal sealed class SigmaLogsourceDispatch
{
    /// <summary>
    /// Distinct facts remembered at most. Real sources have a few hundred (channels by event ids); beyond the bound an
    /// event's groups are worked out each time, as they are for facts with a long value, so that events cannot make
    /// the memory grow whatever they say.
    /// </summary>
    private const int MaxRemembered = 4096;

    /// <summary>Real channels, event ids and EVE types are far shorter; see <see cref="MaxRemembered"/>.</summary>
    private const int MaxRememberedValue = 128;

    private readonly IReadOnlyList<SigmaLogsourceFilter> filters;
    private readonly Dictionary<string, int[]> byFormat;
    private readonly ConcurrentDictionary<SigmaLogsourceFacts, int[]> remembered = new();
    private int rememberedCount;

    /// <param name="filters">The groups' filters; a group is named by its position here.</param>
    public SigmaLogsourceDispatch(IReadOnlyList<SigmaLogsourceFilter> filters)
    {
        this.filters = filters;
        byFormat = filters.SelectMany((filter, group) => filter.Formats.Distinct(StringComparer.Ordinal).Select(format => (format, group)))
            .GroupBy(g => g.format, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.group).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The groups whose filter the event passes, in ascending order.</summary>
    public ReadOnlySpan<int> GroupsOf(SecurityEvent evt)
    {
        // Most formats have no groups (syslog, CEF, generic JSON): nothing to read.
        if (!byFormat.TryGetValue(evt.Format, out var ofFormat))
        {
            return [];
        }

        var facts = SigmaLogsourceFacts.Of(evt);
        if (remembered.TryGetValue(facts, out var groups))
        {
            return groups;
        }

        return WorkOut(ofFormat, facts);
    }

    /// <remarks>Apart from <see cref="GroupsOf"/>, whose remembered path must not allocate the predicate's closure.</remarks>
    private int[] WorkOut(int[] ofFormat, SigmaLogsourceFacts facts)
    {
        int[] groups = [.. ofFormat.Where(group => filters[group].Applies(facts))];
        if (facts.LongestValue <= MaxRememberedValue && Volatile.Read(ref rememberedCount) < MaxRemembered && remembered.TryAdd(facts, groups))
        {
            Interlocked.Increment(ref rememberedCount);
        }

        return groups;
    }
}
