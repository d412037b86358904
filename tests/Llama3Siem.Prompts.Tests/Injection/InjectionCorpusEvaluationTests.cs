using System.Globalization;
using System.Text;
using Llama3Siem.Prompts.Injection;

namespace Llama3Siem.Prompts.Tests.Injection;

/// <summary>
/// The detector against the labelled corpus: every record is parsed as the worker parses it, and an event counts
/// as detected when any finding exists. An injection record is a true positive only when the reported fields
/// include its labelled fields and the reported kinds include its labelled category.
/// </summary>
public sealed class InjectionCorpusEvaluationTests(ITestOutputHelper output)
{
    private static readonly string[] Shapes = ["ecs", "windows", "suricata", "cloudtrail", "syslog"];

    [Fact]
    public void Corpus_covers_every_kind_and_shape_with_enough_look_alikes()
    {
        var corpus = InjectionCorpusRecord.LoadAll();
        var injections = corpus.Where(r => r.IsInjection).ToList();
        var benign = corpus.Where(r => !r.IsInjection).ToList();

        Assert.True(injections.Count >= 90, $"only {injections.Count} injection records");
        Assert.True(benign.Count >= 90, $"only {benign.Count} benign records");
        Assert.Equal(corpus.Count, corpus.Select(r => r.Id).Distinct().Count());
        foreach (var kind in InjectionKinds.All)
        {
            Assert.True(injections.Count(r => r.Category == kind) >= 5, $"fewer than 5 records of {kind}");
        }

        foreach (var shape in Shapes)
        {
            Assert.Contains(injections, r => r.Shape == shape);
            Assert.Contains(benign, r => r.Shape == shape);
        }

        Assert.All(injections, r => Assert.All(r.Fields, f => Assert.True(r.Event.Fields.ContainsKey(f), $"{r.Id}: no field {f}")));
    }

    [Fact]
    public void Detector_meets_precision_and_recall_on_the_corpus()
    {
        var corpus = InjectionCorpusRecord.LoadAll();
        var rows = new SortedDictionary<string, CategoryScore>(StringComparer.Ordinal);
        var misses = new List<string>();
        foreach (var record in corpus)
        {
            var findings = InjectionDetector.Default.Scan(record.Event);
            var score = rows.TryGetValue(record.Category, out var existing) ? existing : rows[record.Category] = new CategoryScore(record.IsInjection);
            score.Count++;
            if (findings.Count > 0)
            {
                score.Detected++;
            }

            var kinds = findings.SelectMany(f => f.Kinds).ToHashSet(StringComparer.Ordinal);
            var fields = findings.Select(f => f.Field).ToHashSet(StringComparer.Ordinal);
            if (record.IsInjection && kinds.Contains(record.Category) && record.Fields.All(fields.Contains))
            {
                score.Exact++;
            }
            else if (record.IsInjection || findings.Count > 0)
            {
                misses.Add($"{record.Id} {record.Category}: got {string.Join(", ", findings.Select(f => $"{f.Field}[{string.Join('|', f.Kinds)}]"))}");
            }
        }

        var truePositives = rows.Values.Where(s => s.IsInjection).Sum(s => s.Exact);
        var falsePositives = rows.Values.Where(s => !s.IsInjection).Sum(s => s.Detected);
        var injections = rows.Values.Where(s => s.IsInjection).Sum(s => s.Count);
        var precision = (double)truePositives / Math.Max(1, truePositives + falsePositives);
        var recall = (double)truePositives / Math.Max(1, injections);

        output.WriteLine(Table(rows, precision, recall));
        foreach (var miss in misses)
        {
            output.WriteLine(miss);
        }

        Assert.True(precision >= 0.95, $"precision {precision:0.000}");
        Assert.True(recall >= 0.9, $"recall {recall:0.000}");
        foreach (var (category, score) in rows.Where(r => r.Value.IsInjection))
        {
            Assert.True(score.Recall >= 0.8, $"{category} recall {score.Recall:0.000}");
        }
    }

    [Fact]
    public void Injected_indicators_lie_inside_spans_and_genuine_ones_outside()
    {
        foreach (var record in InjectionCorpusRecord.LoadAll())
        {
            var spansByField = InjectionDetector.Default.Scan(record.Event).ToDictionary(f => f.Field, f => f.Spans, StringComparer.Ordinal);
            foreach (var ioc in record.InjectedIocs)
            {
                var occurrences = record.Fields.SelectMany(f => Occurrences(record.Event.Fields[f], ioc).Select(at => (Field: f, At: at))).ToList();
                Assert.True(occurrences.Count > 0, $"{record.Id}: injected {ioc} occurs in none of its fields");
                foreach (var (field, at) in occurrences)
                {
                    var spans = spansByField.GetValueOrDefault(field) ?? [];
                    Assert.True(spans.Any(s => s.Covers(at, ioc.Length)), $"{record.Id}: injected {ioc} at {at} of {field} is outside every span");
                }
            }

            foreach (var ioc in record.GenuineIocs)
            {
                var outside = record.Event.Fields.Any(field => Occurrences(field.Value, ioc).Any(at =>
                    !(spansByField.GetValueOrDefault(field.Key) ?? []).Any(s => s.Start < at + ioc.Length && at < s.End)));
                Assert.True(outside, $"{record.Id}: genuine {ioc} has no occurrence outside the spans");
            }
        }
    }

    private static IEnumerable<int> Occurrences(string text, string value)
    {
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            yield return at;
        }
    }

    private static string Table(SortedDictionary<string, CategoryScore> rows, double precision, double recall)
    {
        var table = new StringBuilder();
        table.AppendLine("| category | label | records | detected | exact (kind and fields) | recall / false-positive rate |");
        table.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var (category, score) in rows.OrderBy(r => !r.Value.IsInjection).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            var rate = score.IsInjection ? score.Recall : (double)score.Detected / score.Count;
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {category} | {(score.IsInjection ? "injection" : "benign")} | {score.Count} | {score.Detected} | {(score.IsInjection ? score.Exact.ToString(CultureInfo.InvariantCulture) : "-")} | {rate:0.000} |");
        }

        table.AppendLine(CultureInfo.InvariantCulture, $"overall precision {precision:0.000}, recall {recall:0.000}");
        return table.ToString();
    }

    private sealed class CategoryScore(bool isInjection)
    {
        public bool IsInjection { get; } = isInjection;
        public int Count { get; set; }
        public int Detected { get; set; }
        public int Exact { get; set; }
        public double Recall => (double)Exact / Math.Max(1, Count);
    }
}
