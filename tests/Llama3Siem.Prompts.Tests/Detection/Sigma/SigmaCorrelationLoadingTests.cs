using Llama3Siem.Prompts.Detection.Sigma;
using static Llama3Siem.Prompts.Tests.Detection.Sigma.SigmaCorrelationTesting;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>Multi-document files, correlation rules as parsed, and their references resolved over a collection.</summary>
public sealed class SigmaCorrelationLoadingTests
{
    private const string BurstSection = """
            type: event_count
            rules:
                - failed_logon
            group-by:
                - TargetUserName
                - IpAddress
            timespan: 10m
            condition:
                gte: 5
        """;

    [Fact]
    public void A_file_of_several_documents_loads_every_rule_and_correlation()
    {
        // Markers before the first document and after the last one, as some editors write them, add no document.
        var result = Load("---\n" + Correlation(BurstSection) + "\n---\n" + BaseRules + "\n---\n# end\n");

        Assert.Empty(result.Skipped);
        Assert.Equal(["failed_logon", "successful_logon", "explicit_logon"], result.Rules.Select(r => r.Name));
        var correlation = Assert.Single(result.Correlations);
        Assert.Equal("0c0c0000-0000-4000-8000-0000000000c1", correlation.Id);
        Assert.Equal("test_correlation", correlation.Name);
        Assert.Equal("high", correlation.Level);
        Assert.Equal(["attack.credential-access", "attack.t1110"], correlation.Tags);
        Assert.Equal(SigmaCorrelationType.EventCount, correlation.Type);
        Assert.Equal(["failed_logon"], correlation.RuleReferences);
        Assert.Equal(["TargetUserName", "IpAddress"], correlation.GroupBy);
        Assert.Equal(TimeSpan.FromMinutes(10), correlation.Timespan);
        Assert.Equal([new SigmaCountBound(SigmaCountOperator.Gte, 5)], correlation.Condition.Bounds);
        Assert.False(correlation.Generate);
        Assert.Equal("test-1.yml", correlation.Source);
    }

    [Fact]
    public void A_bad_document_is_skipped_with_its_reason_and_the_others_still_load()
    {
        var text = BaseRules + """

            ---
            title: Broken
            detection: [unclosed
            ---
            title: Unknown modifier
            detection:
                selection:
                    Image|sideways: x
                condition: selection
            ---
            """ + "\n" + Correlation(BurstSection);

        var result = Load(text);

        Assert.Equal(3, result.Rules.Count);
        Assert.Single(result.Correlations);
        Assert.Collection(result.Skipped,
            s => Assert.Equal(("test-1.yml", SigmaSkipReasons.YamlError, true), (s.File, s.Reason, s.Detail.StartsWith("document 4: ", StringComparison.Ordinal))),
            s => Assert.Equal(("test-1.yml", "unsupported-modifier:sideways", true), (s.File, s.Reason, s.Detail.StartsWith("document 5: ", StringComparison.Ordinal))));
    }

    [Fact]
    public void A_rule_collection_is_skipped_whole_with_its_reason()
    {
        var result = Load("""
            action: global
            title: Collection
            logsource:
                product: windows
            ---
            detection:
                selection:
                    EventID: 1
                condition: selection
            """);

        Assert.Empty(result.Rules);
        Assert.Equal(SigmaSkipReasons.RuleCollection, Assert.Single(result.Skipped).Reason);
    }

    [Fact]
    public void A_rule_keeps_its_name()
    {
        var rule = SigmaRule.Parse(BaseRules.Split("---")[0]);

        Assert.Equal("failed_logon", rule.Name);
        Assert.True(rule.ReportsOnItsOwn);
    }

    [Fact]
    public void References_resolve_by_name_and_by_id()
    {
        var combined = WithBaseRules("""
                type: temporal
                rules:
                    - failed_logon
                    - 0c0c0000-0000-4000-8000-000000004624
                timespan: 5m
            """);

        var correlation = Assert.Single(combined.Correlations);
        Assert.True(correlation.IsResolved);
        Assert.Same(combined.Rules.Single(r => r.Name == "failed_logon"), correlation.Rules[0]);
        Assert.Same(combined.Rules.Single(r => r.Name == "successful_logon"), correlation.Rules[1]);
    }

    [Fact]
    public void References_resolve_across_the_load_results_combined()
    {
        var correlations = Load(Correlation(BurstSection));
        var rules = Load(BaseRules);

        var combined = SigmaLoadResult.Combine(correlations, rules);

        Assert.False(Assert.Single(correlations.Correlations).IsResolved);
        Assert.Empty(combined.Skipped);
        Assert.Same(combined.Rules[0], Assert.Single(Assert.Single(combined.Correlations).Rules));
    }

    [Fact]
    public void A_correlation_with_an_unknown_reference_is_skipped_and_releases_its_other_rules()
    {
        var combined = WithBaseRules("""
                type: temporal
                rules:
                    - failed_logon
                    - no_such_rule
                timespan: 5m
            """);

        Assert.Empty(combined.Correlations);
        var skipped = Assert.Single(combined.Skipped);
        Assert.Equal(("test-2.yml", SigmaSkipReasons.CorrelationUnknownRule), (skipped.File, skipped.Reason));
        Assert.Contains("no_such_rule", skipped.Detail, StringComparison.Ordinal);
        Assert.All(combined.Rules, r => Assert.True(r.ReportsOnItsOwn));
    }

    [Fact]
    public void A_reference_that_several_rules_answer_to_is_skipped_as_ambiguous()
    {
        var combined = SigmaLoadResult.Combine(Load(BaseRules, BaseRules, Correlation(BurstSection)));

        Assert.Empty(combined.Correlations);
        Assert.Equal(SigmaSkipReasons.CorrelationAmbiguousRule, Assert.Single(combined.Skipped).Reason);
    }

    [Fact]
    public void Combining_the_same_result_twice_holds_its_rules_once()
    {
        var loaded = Load(BaseRules, Correlation(BurstSection));

        var combined = SigmaLoadResult.Combine(loaded, loaded);

        Assert.Equal(3, combined.Rules.Count);
        Assert.Single(combined.Correlations);
        Assert.Empty(combined.Skipped);
    }

    [Fact]
    public void A_correlation_of_correlations_is_skipped_as_unsupported()
    {
        var chained = Correlation("""
                type: temporal_ordered
                rules:
                    - test_correlation
                    - successful_logon
                timespan: 1h
            """, name: "followed_by_success", id: "0c0c0000-0000-4000-8000-0000000000c2");

        var combined = SigmaLoadResult.Combine(Load(BaseRules, Correlation(BurstSection), chained));

        Assert.Equal(["test_correlation"], combined.Correlations.Select(c => c.Name));
        Assert.Equal(SigmaSkipReasons.UnsupportedCorrelation + ":chain", Assert.Single(combined.Skipped).Reason);
    }

    [Fact]
    public void Referenced_rules_do_not_report_on_their_own_by_default()
    {
        var combined = WithBaseRules(BurstSection);

        Assert.False(combined.Rules.Single(r => r.Name == "failed_logon").ReportsOnItsOwn);
        Assert.True(combined.Rules.Single(r => r.Name == "successful_logon").ReportsOnItsOwn);
        Assert.Same(combined.Rules.Single(r => r.Name == "failed_logon"), Assert.Single(combined.Correlations).Rules[0]);
    }

    [Fact]
    public void Generate_true_lets_referenced_rules_report_on_their_own()
    {
        var combined = WithBaseRules(BurstSection + "\n    generate: true");

        Assert.True(Assert.Single(combined.Correlations).Generate);
        Assert.All(combined.Rules, r => Assert.True(r.ReportsOnItsOwn));
    }

    [Fact]
    public void Resolving_never_changes_the_rules_it_was_given()
    {
        var loaded = Load(BaseRules, Correlation(BurstSection));

        var combined = SigmaLoadResult.Combine(loaded);
        var again = SigmaLoadResult.Combine(combined, Load(BaseRules.Replace("name: ", "name: other_", StringComparison.Ordinal)
            .Replace("0c0c0000", "0d0d0000", StringComparison.Ordinal)));

        Assert.All(loaded.Rules, r => Assert.True(r.ReportsOnItsOwn));
        Assert.False(combined.Rules[0].ReportsOnItsOwn);
        Assert.Equal([false, true, true, true, true, true], again.Rules.Select(r => r.ReportsOnItsOwn));
        Assert.Same(again.Rules[0], Assert.Single(again.Correlations).Rules[0]);
    }

    [Fact]
    public void A_rule_that_stops_reporting_on_its_own_keeps_every_other_property()
    {
        var rule = SigmaRule.Parse(BaseRules.Split("---")[0]);

        var silenced = rule.WithReportsOnItsOwn(false);

        Assert.False(silenced.ReportsOnItsOwn);
        Assert.Same(rule, rule.WithReportsOnItsOwn(true));
        foreach (var property in typeof(SigmaRule).GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
                     .Where(p => p.Name != nameof(SigmaRule.ReportsOnItsOwn)))
        {
            Assert.True(Equals(property.GetValue(rule), property.GetValue(silenced)), property.Name);
        }
    }

    [Fact]
    public void A_temporal_correlation_without_a_condition_needs_every_rule()
    {
        var combined = WithBaseRules("""
                type: temporal
                rules:
                    - failed_logon
                    - successful_logon
                    - explicit_logon
                timespan: 5m
            """);

        Assert.Equal([new SigmaCountBound(SigmaCountOperator.Gte, 3)], Assert.Single(combined.Correlations).Condition.Bounds);
    }

    [Fact]
    public void A_range_condition_keeps_both_bounds_and_a_value_count_its_field()
    {
        var condition = Assert.Single(Load(Correlation("""
                type: value_count
                rules: failed_logon
                timespan: 1d
                condition:
                    field: TargetUserName
                    gt: 2
                    lte: 4
            """)).Correlations).Condition;

        Assert.Equal("TargetUserName", condition.Field);
        Assert.Equal([new SigmaCountBound(SigmaCountOperator.Gt, 2), new SigmaCountBound(SigmaCountOperator.Lte, 4)], condition.Bounds);
        Assert.Equal([false, true, true, false], new long[] { 2, 3, 4, 5 }.Select(condition.Holds));
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("15m", 15 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("1d", 86400)]
    public void A_timespan_is_a_number_of_seconds_minutes_hours_or_days(string timespan, int seconds)
    {
        var correlation = Assert.Single(Load(Correlation(BurstSection.Replace("10m", timespan, StringComparison.Ordinal))).Correlations);

        Assert.Equal(TimeSpan.FromSeconds(seconds), correlation.Timespan);
    }

    [Theory]
    [InlineData("    rules: [failed_logon]\n    timespan: 1h\n    condition: {gte: 5}", SigmaSkipReasons.InvalidCorrelation)]
    [InlineData("    type: value_sum\n    rules: [failed_logon]\n    timespan: 1h\n    condition: {gte: 5, field: x}", "unsupported-correlation:value_sum")]
    [InlineData("    type: event_count\n    timespan: 1h\n    condition: {gte: 5}", SigmaSkipReasons.InvalidCorrelation)]
    [InlineData("    type: event_count\n    rules: [failed_logon]\n    condition: {gte: 5}", SigmaSkipReasons.InvalidCorrelation)]
    [InlineData("    type: event_count\n    rules: [failed_logon]\n    timespan: 1w\n    condition: {gte: 5}", SigmaSkipReasons.InvalidCorrelation)]
    [InlineData("    type: event_count\n    rules: [failed_logon]\n    timespan: 0m\n    condition: {gte: 5}", SigmaSkipReasons.InvalidCorrelation)]
    [InlineData("    type: event_count\n    rules: [failed_logon]\n    timespan: 1h", SigmaSkipReasons.InvalidCorrelation)]
    [InlineData("    type: event_count\n    rules: [failed_logon]\n    timespan: 1h\n    condition: {gte: five}", SigmaSkipReasons.InvalidCorrelation)]
    [InlineData("    type: event_count\n    rules: [failed_logon]\n    timespan: 1h\n    condition: {neq: 5}", SigmaSkipReasons.InvalidCorrelation)]
    [InlineData("    type: value_count\n    rules: [failed_logon]\n    timespan: 1h\n    condition: {gte: 5}", SigmaSkipReasons.InvalidCorrelation)]
    [InlineData("    type: temporal\n    rules: [failed_logon, successful_logon]\n    timespan: 1h\n    condition: failed_logon and successful_logon", "unsupported-correlation:extended-condition")]
    [InlineData("    type: event_count\n    rules: [failed_logon]\n    timespan: 1h\n    condition: {gte: 5}\n    generate: perhaps", SigmaSkipReasons.InvalidCorrelation)]
    [InlineData("    type: event_count\n    rules: [failed_logon]\n    timespan: 1h\n    condition: {gte: 5}\n    aliases: [a, b]", SigmaSkipReasons.InvalidCorrelation)]
    public void A_correlation_the_engine_cannot_evaluate_is_skipped_with_its_reason(string section, string reason)
    {
        var result = Load(BaseRules, Correlation(section));

        Assert.Empty(result.Correlations);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(("test-2.yml", reason), (skipped.File, skipped.Reason));
    }

    [Fact]
    public void An_alias_naming_a_rule_the_correlation_does_not_use_is_skipped()
    {
        var combined = WithBaseRules("""
                type: temporal
                rules: [failed_logon, successful_logon]
                group-by: [address]
                timespan: 5m
                aliases:
                    address:
                        failed_logon: IpAddress
                        explicit_logon: IpAddress
            """);

        Assert.Equal(SigmaSkipReasons.CorrelationUnknownRule, Assert.Single(combined.Skipped).Reason);
    }

    [Fact]
    public void A_detection_rule_parser_refuses_a_correlation_and_several_documents()
    {
        Assert.Equal(SigmaSkipReasons.CorrelationRule, SigmaTesting.Refusal(Correlation(BurstSection)));
        Assert.Equal(SigmaSkipReasons.MultiDocument, SigmaTesting.Refusal(BaseRules));
    }

    [Fact]
    public void An_unresolved_correlation_is_refused_by_the_correlation_set()
    {
        var loaded = Load(BaseRules, Correlation(BurstSection));

        Assert.Throws<ArgumentException>(() => new SigmaCorrelationSet(loaded.Correlations));
    }
}
