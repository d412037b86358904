using System.Text;
using Llama3Siem.Prompts.Iocs;

namespace Llama3Siem.Prompts.Tests.Iocs;

/// <summary>Per-type true positives, false positives and false negatives over a labelled set.</summary>
internal sealed class IocScoreboard
{
    private readonly Dictionary<IocType, (int TruePositives, int FalsePositives, int FalseNegatives)> counts =
        Enum.GetValues<IocType>().ToDictionary(type => type, _ => (0, 0, 0));

    public int InternalFlagMismatches { get; private set; }

    public List<string> Misses { get; } = [];

    public void Score(LabelledIocCase labelled, IReadOnlyList<Ioc> extracted)
    {
        var expected = labelled.Expected.Select(e => e.ToIoc()).ToList();
        var expectedKeys = expected.ToDictionary(ioc => (ioc.Type, ioc.Value));
        var extractedKeys = extracted.ToDictionary(ioc => (ioc.Type, ioc.Value));
        foreach (var ioc in extracted)
        {
            var (tp, fp, fn) = counts[ioc.Type];
            if (expectedKeys.TryGetValue((ioc.Type, ioc.Value), out var label))
            {
                counts[ioc.Type] = (tp + 1, fp, fn);
                if (label.Internal != ioc.Internal)
                {
                    InternalFlagMismatches++;
                    Misses.Add($"case {labelled.Id} ({labelled.Label}): internal flag of {ioc.Type.ToName()} {ioc.Value} is {ioc.Internal}");
                }
            }
            else
            {
                counts[ioc.Type] = (tp, fp + 1, fn);
                Misses.Add($"case {labelled.Id} ({labelled.Label}): false positive {ioc.Type.ToName()} {ioc.Value}");
            }
        }

        foreach (var ioc in expected.Where(ioc => !extractedKeys.ContainsKey((ioc.Type, ioc.Value))))
        {
            var (tp, fp, fn) = counts[ioc.Type];
            counts[ioc.Type] = (tp, fp, fn + 1);
            Misses.Add($"case {labelled.Id} ({labelled.Label}): missed {ioc.Type.ToName()} {ioc.Value}");
        }
    }

    public (int TruePositives, int FalsePositives, int FalseNegatives) For(IocType type) => counts[type];

    public (int TruePositives, int FalsePositives, int FalseNegatives) Total() =>
        counts.Values.Aggregate((0, 0, 0), (sum, c) => (sum.Item1 + c.TruePositives, sum.Item2 + c.FalsePositives, sum.Item3 + c.FalseNegatives));

    public static double Precision((int TruePositives, int FalsePositives, int FalseNegatives) c) =>
        c.TruePositives + c.FalsePositives == 0 ? 1.0 : (double)c.TruePositives / (c.TruePositives + c.FalsePositives);

    public static double Recall((int TruePositives, int FalsePositives, int FalseNegatives) c) =>
        c.TruePositives + c.FalseNegatives == 0 ? 1.0 : (double)c.TruePositives / (c.TruePositives + c.FalseNegatives);

    public string RenderTable()
    {
        var table = new StringBuilder();
        table.AppendLine("| type   |  TP |  FP |  FN | precision | recall |");
        table.AppendLine("|--------|----:|----:|----:|----------:|-------:|");
        foreach (var type in Enum.GetValues<IocType>())
        {
            AppendRow(table, type.ToName(), counts[type]);
        }

        AppendRow(table, "all", Total());
        return table.ToString();
    }

    private static void AppendRow(StringBuilder table, string name, (int TruePositives, int FalsePositives, int FalseNegatives) c) =>
        table.AppendLine($"| {name,-6} | {c.TruePositives,3} | {c.FalsePositives,3} | {c.FalseNegatives,3} | {Precision(c),9:0.000} | {Recall(c),6:0.000} |");
}
