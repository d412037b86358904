using System.Globalization;
using Llama3Siem.Prompts.Enrichment;

namespace Llama3Siem.Prompts.Knowledge;

/// <summary>
/// Mitigations come from the technique-to-control mapping, never from the model: the union of the controls
/// that mitigate an incident's verified techniques, ranked so that a control covering more of the incident's
/// techniques comes first (ties by family, then control number).
/// </summary>
public sealed class MitigationPlanner(ThreatKnowledge knowledge)
{
    public IReadOnlyList<IncidentMitigation> Plan(IEnumerable<string> techniqueIds)
    {
        var coverage = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var technique in techniqueIds.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            foreach (var control in knowledge.ControlsFor(technique))
            {
                if (!coverage.TryGetValue(control, out var techniques))
                {
                    techniques = new SortedSet<string>(StringComparer.Ordinal);
                    coverage[control] = techniques;
                }

                techniques.Add(technique.ToUpperInvariant());
            }
        }

        return coverage
            .OrderByDescending(kv => kv.Value.Count)
            .ThenBy(kv => kv.Key[..2], StringComparer.Ordinal)
            .ThenBy(kv => ControlNumber(kv.Key))
            .Select(kv => new IncidentMitigation
            {
                Id = kv.Key,
                Title = knowledge.TryGetControl(kv.Key, out var control) ? control.Title : null,
                Techniques = kv.Value.ToList(),
            })
            .ToList();
    }

    private static int ControlNumber(string canonical)
    {
        var digits = ControlIds.BaseOf(canonical)[3..];
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
    }
}
