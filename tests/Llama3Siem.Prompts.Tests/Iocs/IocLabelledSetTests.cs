using Llama3Siem.Prompts.Iocs;

namespace Llama3Siem.Prompts.Tests.Iocs;

public sealed class IocLabelledSetTests(ITestOutputHelper output)
{
    /// <summary>Written next to the test assembly so the table can be read without the test runner.</summary>
    private const string ReportFileName = "ioc-precision-recall.md";

    [Fact]
    public void Labelled_set_is_large_and_holds_enough_traps()
    {
        var cases = LabelledIocCase.LoadAll();

        Assert.True(cases.Count >= 180, $"only {cases.Count} labelled cases");
        Assert.True(cases.Count(c => c.Category is "trap" or "mixed") >= 60, "fewer than 60 trap or mixed cases");
        Assert.Equal(cases.Count, cases.Select(c => c.Id).Distinct().Count());
        Assert.All(cases.Where(c => c.Category == "positive"), c => Assert.NotEmpty(c.Expected));
        Assert.All(cases.Where(c => c.Category == "trap"), c => Assert.Empty(c.Expected));
    }

    [Fact]
    public void Labels_are_in_normal_form()
    {
        foreach (var labelled in LabelledIocCase.LoadAll())
        {
            foreach (var ioc in labelled.Expected.Select(e => e.ToIoc()))
            {
                Assert.True(IocNormalizer.TryNormalize(ioc.Type, ioc.Value, out var normalized), $"case {labelled.Id}: {ioc.Value} is not a valid {ioc.Type}");
                Assert.Equal(ioc.Value, normalized);
                Assert.Equal(ioc.Internal, IocNormalizer.IsInternal(ioc.Type, normalized));
            }
        }
    }

    [Fact]
    public void Extractor_meets_precision_and_recall_on_the_labelled_set()
    {
        var scoreboard = new IocScoreboard();
        var cases = LabelledIocCase.LoadAll();
        foreach (var labelled in cases)
        {
            scoreboard.Score(labelled, IocExtractor.Default.Extract(labelled.Text));
        }

        var table = scoreboard.RenderTable();
        output.WriteLine($"{cases.Count} labelled cases");
        output.WriteLine(table);
        foreach (var miss in scoreboard.Misses)
        {
            output.WriteLine(miss);
        }

        File.WriteAllText(
            Path.Combine(AppContext.BaseDirectory, ReportFileName),
            $"IOC extraction on {cases.Count} labelled cases\n\n{table}\n{string.Join('\n', scoreboard.Misses)}\n");

        var total = scoreboard.Total();
        Assert.True(IocScoreboard.Precision(total) >= 0.98, $"overall precision {IocScoreboard.Precision(total):0.000}\n{table}");
        Assert.True(IocScoreboard.Recall(total) >= 0.97, $"overall recall {IocScoreboard.Recall(total):0.000}\n{table}");
        foreach (var type in Enum.GetValues<IocType>())
        {
            var counts = scoreboard.For(type);
            Assert.True(counts.TruePositives > 0, $"no {type.ToName()} in the labelled set");
            Assert.True(IocScoreboard.Precision(counts) >= 0.9, $"{type.ToName()} precision {IocScoreboard.Precision(counts):0.000}\n{table}");
            Assert.True(IocScoreboard.Recall(counts) >= 0.9, $"{type.ToName()} recall {IocScoreboard.Recall(counts):0.000}\n{table}");
        }

        Assert.Equal(0, scoreboard.InternalFlagMismatches);
    }

    [Fact]
    public void Extraction_follows_the_order_of_first_occurrence_on_the_labelled_set()
    {
        foreach (var labelled in LabelledIocCase.LoadAll())
        {
            var extracted = IocExtractor.Default.Extract(labelled.Text);
            var expected = labelled.Expected.Select(e => e.ToIoc()).ToList();
            var commonInExtractedOrder = extracted.Where(expected.Contains).ToList();
            var commonInLabelledOrder = expected.Where(extracted.Contains).ToList();
            Assert.True(commonInLabelledOrder.SequenceEqual(commonInExtractedOrder), $"case {labelled.Id} ({labelled.Label}) is out of order");
        }
    }
}
