using System.Globalization;
using System.Text.RegularExpressions;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Tests.Injection;

namespace Llama3Siem.Prompts.Tests.Enrichment;

/// <summary>
/// The labelled injection corpus through deterministic enrichment, one incident per event, as stored without a
/// model: injection recorded, genuine indicators kept as evidence, injected-only indicators marked, and no word of a
/// payload in the summary we write.
/// </summary>
public sealed partial class InjectionCorpusFindingsTests(ITestOutputHelper output)
{
    /// <summary>Every word the summary's own sentences use; anything else in it must come from the knowledge base or a named identifier.</summary>
    private static readonly HashSet<string> SummaryWords = new(
        Words("""
            event events on involving from to and more no known attack technique matched techniques rules iocs external internal
            only inside injection text not evidence addressed an automated analyst was found in field fields treat it as
            the analysis a host name user of characters that contains instructions is identifier Z
            special token role header instruction override output forgery verdict manipulation invented reference tool or
            exfiltration encoded log invisible context flooding model directive
            """),
        StringComparer.OrdinalIgnoreCase);

    private static readonly EnrichmentProvenance Provenance = new() { PromptVersion = "test" };

    [Fact]
    public void Injection_is_recorded_indicators_are_told_apart_and_no_payload_words_reach_the_summary()
    {
        var records = InjectionCorpusRecord.LoadAll();
        var table = new Dictionary<string, (int TruePositive, int FalsePositive, int FalseNegative, int TrueNegative)>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var record in records)
        {
            var findings = IncidentAnalyzer.Default.Analyze(Incident.FromEvents([record.Event]));
            var document = IncidentDocuments.Deterministic(findings, NarrativeStatus.NotGenerated, Provenance);
            var detected = document.Injection is { Detected: true };
            var row = table.GetValueOrDefault(record.Category);
            table[record.Category] = (record.IsInjection, detected) switch
            {
                (true, true) => row with { TruePositive = row.TruePositive + 1 },
                (true, false) => row with { FalseNegative = row.FalseNegative + 1 },
                (false, true) => row with { FalsePositive = row.FalsePositive + 1 },
                _ => row with { TrueNegative = row.TrueNegative + 1 },
            };

            foreach (var genuine in record.GenuineIocs)
            {
                if (!document.Iocs.Any(i => Same(i.Value, genuine) && !i.Injected))
                {
                    failures.Add($"{record.Id}: genuine {genuine} not kept as evidence");
                }
            }

            foreach (var injected in record.InjectedIocs)
            {
                if (document.Iocs.Any(i => Same(i.Value, injected) && !i.Injected))
                {
                    failures.Add($"{record.Id}: injected {injected} stored as evidence");
                }
            }

            if (record.IsInjection && detected && SeverityOf(document) < Severity.Medium)
            {
                failures.Add($"{record.Id}: injection below medium severity");
            }

            var foreign = Words(document.Summary).Where(w => !Allowed(w, findings)).ToList();
            if (foreign.Count > 0)
            {
                failures.Add($"{record.Id}: summary words not ours: {string.Join(' ', foreign.Take(5))}");
            }
        }

        Print(table);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        var (tp, fp, fn) = (table.Values.Sum(r => r.TruePositive), table.Values.Sum(r => r.FalsePositive), table.Values.Sum(r => r.FalseNegative));
        Assert.InRange((double)tp / (tp + fp), 0.95, 1.0);
        Assert.InRange((double)tp / (tp + fn), 0.9, 1.0);
    }

    private void Print(Dictionary<string, (int TruePositive, int FalsePositive, int FalseNegative, int TrueNegative)> table)
    {
        output.WriteLine($"{"category",-32} {"events",6} {"detected",8} {"missed",6} {"false+",6}");
        static int Events((int TruePositive, int FalsePositive, int FalseNegative, int TrueNegative) r) => r.TruePositive + r.FalsePositive + r.FalseNegative + r.TrueNegative;
        foreach (var (category, row) in table.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{category,-32} {Events(row),6} {row.TruePositive,8} {row.FalseNegative,6} {row.FalsePositive,6}"));
        }

        var (tp, fp, fn) = (table.Values.Sum(r => r.TruePositive), table.Values.Sum(r => r.FalsePositive), table.Values.Sum(r => r.FalseNegative));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"all: {table.Values.Sum(Events)} events, precision {(double)tp / Math.Max(1, tp + fp):F3}, recall {(double)tp / Math.Max(1, tp + fn):F3}"));
    }

    private static Severity SeverityOf(EnrichedIncident document) =>
        SeverityNames.TryParse(document.Severity, out var severity) ? severity : Severity.Low;

    /// <summary>
    /// A summary word is ours, a technique's name from the knowledge base, a fired rule's title or level (the rule
    /// author's words), a number, or part of an identifier we chose to name.
    /// </summary>
    private static bool Allowed(string word, IncidentFindings findings) =>
        SummaryWords.Contains(word)
        || findings.RuleHits.Any(hit => Words(hit.Rule.Title).Contains(word, StringComparer.OrdinalIgnoreCase)
                                        || string.Equals(hit.Rule.Level, word, StringComparison.OrdinalIgnoreCase))
        || word.All(char.IsDigit)
        || findings.TechniqueNames.Values.Any(name => Words(name).Contains(word, StringComparer.OrdinalIgnoreCase))
        || findings.Techniques.Any(t => t.TechniqueId.Contains(word, StringComparison.OrdinalIgnoreCase))
        || findings.Hosts.Concat(findings.Users)
            .Where(v => SummaryNames.LooksLikeIdentifier(v, SummaryNames.MaxHostChars) && !CarriesInjection(v))
            .Any(v => Words(v).Contains(word, StringComparer.OrdinalIgnoreCase));

    private static bool CarriesInjection(string value) => Prompts.Injection.InjectionDetector.Default.Scan(value).Count > 0;

    private static bool Same(string stored, string labelled) =>
        string.Equals(stored, labelled, StringComparison.OrdinalIgnoreCase);

    private static string[] Words(string text) => WordPattern().Matches(text).Select(m => m.Value).ToArray();

    [GeneratedRegex(@"\p{L}[\p{L}\p{N}]*")]
    private static partial Regex WordPattern();
}
