using System.Globalization;
using System.Text;
using Llama3Siem.Prompts.Enrichment;

namespace Llama3Siem.Worker.Chat;

/// <summary>
/// The answer without a model: the facts of each retrieved incident, each cited by id. It does not try to answer
/// the question itself; it shows the analyst what the store holds on it.
/// </summary>
internal static class DeterministicAnswer
{
    private const int Items = 5;

    public static string Write(IReadOnlyList<EnrichedIncident> incidents)
    {
        if (incidents.Count == 0)
        {
            return ChatPromptBuilder.NoAnswer;
        }

        var text = new StringBuilder(incidents.Count == 1 ? "The stored incident on this:" : "The stored incidents on this:");
        foreach (var incident in incidents)
        {
            text.Append("\n- [").Append(incident.Id).Append("] ")
                .Append(incident.Severity).Append(", ")
                .Append(Time(incident.FirstSeen)).Append(" to ").Append(Time(incident.LastSeen)).Append(", ")
                .Append(incident.Events.Count.ToString(CultureInfo.InvariantCulture)).Append(incident.Events.Count == 1 ? " event: " : " events: ")
                .Append(incident.Summary.TrimEnd('.')).Append('.');
            List(text, "Hosts", incident.Hosts);
            List(text, "Users", incident.Users);
            List(text, "Techniques", incident.Techniques.Select(t => t.Name is { Length: > 0 } name ? $"{t.Id} {name}" : t.Id).ToList());
            List(text, "Indicators", incident.Iocs.Select(i => $"{i.Type} {i.Value}").ToList());
            List(text, "Controls", incident.Mitigations.Select(m => m.Id).ToList());
        }

        return text.ToString();
    }

    private static void List(StringBuilder text, string label, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        text.Append(' ').Append(label).Append(": ").AppendJoin(", ", values.Take(Items));
        if (values.Count > Items)
        {
            text.Append(CultureInfo.InvariantCulture, $" and {values.Count - Items} more");
        }

        text.Append('.');
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
