using Llama3Siem.Prompts.Output;

namespace Llama3Siem.Prompts.Tests.Output;

public sealed class EnrichmentGrammarTests
{
    private static readonly GbnfStructure Structure = GbnfStructure.Read(EnrichmentGrammar.Text);

    [Fact]
    public void Grammar_text_reads_without_syntax_errors()
    {
        Assert.Empty(Structure.SyntaxErrors);
    }

    [Fact]
    public void Root_rule_is_defined()
    {
        Assert.Contains(EnrichmentGrammar.RootRule, Structure.References.Keys);
        Assert.Equal(EnrichmentGrammar.RootRule, Structure.References.Keys.First());
    }

    [Fact]
    public void Every_referenced_rule_is_defined()
    {
        var undefined = Structure.References.Values.SelectMany(r => r).Where(name => !Structure.References.ContainsKey(name)).Distinct();

        Assert.Empty(undefined);
    }

    [Fact]
    public void Rule_names_use_hyphens_never_underscores()
    {
        var names = Structure.References.Keys.Concat(Structure.References.Values.SelectMany(r => r)).Distinct().ToList();

        Assert.All(names, name => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", name));
    }

    [Fact]
    public void Every_rule_is_reachable_from_root()
    {
        var reachable = new HashSet<string>(StringComparer.Ordinal) { EnrichmentGrammar.RootRule };
        var pending = new Queue<string>(reachable);
        while (pending.TryDequeue(out var rule))
        {
            foreach (var next in Structure.References[rule].Where(reachable.Add))
            {
                pending.Enqueue(next);
            }
        }

        Assert.Equal(Structure.References.Keys.Order(), reachable.Order());
    }

    [Fact]
    public void Answers_are_bounded_no_unbounded_repetition_and_no_recursion()
    {
        Assert.Empty(Structure.UnboundedRepetitions);
        Assert.Empty(Structure.RecursiveRules());
    }

    [Fact]
    public void Structure_reader_detects_the_mistakes_that_crash_llama_cpp()
    {
        var broken = GbnfStructure.Read("root ::= item_list more*\nitem_list ::= \"x\"{1,}\n");

        Assert.Contains("more", broken.References["root"]);
        Assert.DoesNotContain("more", broken.References.Keys);
        Assert.Contains("item_list", broken.References.Keys);
        Assert.Equal(["root", "item_list"], broken.UnboundedRepetitions);
        Assert.Equal(["a"], GbnfStructure.Read("a ::= b\nb ::= (\"x\" a)?").RecursiveRules().Take(1));
    }

    [Fact]
    public void Grammar_keeps_the_schema_key_order()
    {
        string[] keys = ["summary", "severity", "iocs", "techniques", "mitigations", "confidence"];
        var positions = keys.Select(k => EnrichmentGrammar.Text.IndexOf($"\\\"{k}\\\":", StringComparison.Ordinal)).ToList();

        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Bounds_in_the_grammar_match_the_published_limits()
    {
        var text = EnrichmentGrammar.Text;

        Assert.Contains($"text-char{{0,{EnrichmentGrammar.MaxSummaryLength}}}", text, StringComparison.Ordinal);
        Assert.Contains($"(\",\" ioc){{0,{EnrichmentGrammar.MaxIocs - 1}}}", text, StringComparison.Ordinal);
        Assert.Contains($"text-char{{1,{EnrichmentGrammar.MaxIocValueLength}}}", text, StringComparison.Ordinal);
        Assert.Contains($"(\",\" event-ref){{0,{EnrichmentGrammar.MaxEventRefsPerIoc - 1}}}", text, StringComparison.Ordinal);
        Assert.Contains($"(\",\" technique){{0,{EnrichmentGrammar.MaxTechniques - 1}}}", text, StringComparison.Ordinal);
        Assert.Contains($"(\",\" mitigation){{0,{EnrichmentGrammar.MaxMitigations - 1}}}", text, StringComparison.Ordinal);
        Assert.Contains($"text-char{{0,{EnrichmentGrammar.MaxRationaleLength}}}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_description_lists_every_key_and_the_limits()
    {
        foreach (var key in new[] { "summary", "severity", "iocs", "techniques", "mitigations", "confidence", "rationale", "events" })
        {
            Assert.Contains($"\"{key}\"", EnrichmentGrammar.SchemaDescription, StringComparison.Ordinal);
        }

        Assert.Contains($"At most {EnrichmentGrammar.MaxIocs} iocs", EnrichmentGrammar.SchemaDescription, StringComparison.Ordinal);
    }
}
