using Llama3Siem.Prompts.Detection.Sigma;
using static Llama3Siem.Prompts.Tests.Detection.Sigma.SigmaCorrelationTesting;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>Each correlation type over an incident: thresholds, timespan edges, groups, distinct values, order.</summary>
public sealed class SigmaCorrelationEvaluationTests
{
    private static SigmaLoadResult EventCount(string condition, string timespan = "1h", string groupBy = "[]") => WithBaseRules($"""
            type: event_count
            rules: [failed_logon]
            group-by: {groupBy}
            timespan: {timespan}
            condition: {condition}
        """);

    private static SigmaLoadResult Temporal(string type, string timespan = "5m") => WithBaseRules($"""
            type: {type}
            rules: [failed_logon, explicit_logon, successful_logon]
            group-by: [TargetUserName]
            timespan: {timespan}
        """);

    [Theory]
    [InlineData("{gte: 5}", 4, false)]
    [InlineData("{gte: 5}", 5, true)]
    [InlineData("{gt: 5}", 5, false)]
    [InlineData("{gt: 5}", 6, true)]
    [InlineData("{lt: 3}", 2, true)]
    [InlineData("{lt: 3}", 3, false)]
    [InlineData("{lte: 3}", 3, true)]
    [InlineData("{lte: 3}", 4, false)]
    [InlineData("{eq: 3}", 3, true)]
    [InlineData("{eq: 3}", 4, false)]
    [InlineData("{gt: 2, lte: 4}", 2, false)]
    [InlineData("{gt: 2, lte: 4}", 4, true)]
    [InlineData("{gt: 2, lte: 4}", 5, false)]
    public void Event_count_compares_the_number_of_events_with_its_condition(string condition, int events, bool matches)
    {
        var found = Correlate(EventCount(condition), FailedLogons(events));

        Assert.Equal(matches, found.Count == 1);
    }

    [Fact]
    public void A_match_names_its_rule_and_cites_the_events_that_satisfy_it()
    {
        var incident = FailedLogons(5);
        incident.Add(Security("ok", 4624, 30));

        var match = Assert.Single(Correlate(EventCount("{gte: 5}"), incident));

        Assert.Equal("0c0c0000-0000-4000-8000-0000000000c1", match.RuleId);
        Assert.Equal("high", match.Level);
        Assert.Equal(["attack.credential-access", "attack.t1110"], match.Tags);
        Assert.Empty(match.Group);
        Assert.Equal(["f0", "f1", "f2", "f3", "f4"], Ids(match));
    }

    [Fact]
    public void Events_exactly_one_timespan_apart_share_a_window()
    {
        var incident = FailedLogons(4);
        incident.Add(Security("last", 4625, 3600));

        Assert.Single(Correlate(EventCount("{gte: 5}"), incident));
    }

    [Fact]
    public void Events_a_second_more_than_one_timespan_apart_do_not()
    {
        var incident = FailedLogons(4);
        incident.Add(Security("last", 4625, 3601));

        Assert.Empty(Correlate(EventCount("{gte: 5}"), incident));
    }

    [Fact]
    public void The_window_slides_so_a_burst_is_found_wherever_it_starts_and_only_its_events_are_cited()
    {
        // Fixed hourly buckets would split this burst (50 to 75 minutes) in two.
        var incident = new[] { 0, 50, 55, 65, 70, 75 }.Select(minute => Security($"m{minute}", 4625, minute * 60)).ToList();

        var match = Assert.Single(Correlate(EventCount("{gte: 5}"), incident));

        Assert.Equal(["m50", "m55", "m65", "m70", "m75"], Ids(match));
    }

    [Fact]
    public void Every_window_that_satisfies_the_condition_adds_its_events()
    {
        var incident = new[] { 0, 1, 2, 200, 201, 202 }.Select(minute => Security($"m{minute}", 4625, minute * 60)).ToList();

        var match = Assert.Single(Correlate(EventCount("{gte: 3}"), incident));

        Assert.Equal(["m0", "m1", "m2", "m200", "m201", "m202"], Ids(match));
    }

    [Fact]
    public void An_upper_bound_is_tested_on_whole_windows_not_on_their_tails()
    {
        // The last event alone is a window of one, but it belongs to a window of five.
        Assert.Empty(Correlate(EventCount("{lt: 3}"), FailedLogons(5)));
    }

    [Fact]
    public void Group_by_counts_each_group_separately()
    {
        var incident = FailedLogons(3, ("TargetUserName", "alice")).Concat(FailedLogons(3, ("TargetUserName", "bob"))).ToList();

        Assert.Empty(Correlate(EventCount("{gte: 5}", groupBy: "[TargetUserName]"), incident));
    }

    [Fact]
    public void A_group_that_reaches_the_threshold_matches_alone_with_its_values()
    {
        var incident = Enumerable.Range(0, 5).Select(i => Security($"a{i}", 4625, i, ("TargetUserName", "alice"), ("IpAddress", "77.83.247.201")))
            .Append(Security("b0", 4625, 2, ("TargetUserName", "bob"), ("IpAddress", "77.83.247.201")))
            .ToList();

        var match = Assert.Single(Correlate(EventCount("{gte: 5}", groupBy: "[TargetUserName, IpAddress]"), incident));

        Assert.Equal(new Dictionary<string, string> { ["TargetUserName"] = "alice", ["IpAddress"] = "77.83.247.201" }, match.Group);
        Assert.Equal(["a0", "a1", "a2", "a3", "a4"], Ids(match));
    }

    [Fact]
    public void Events_without_the_group_by_field_form_a_group_of_their_own()
    {
        var incident = FailedLogons(5).Concat(FailedLogons(2, ("TargetUserName", "alice"))).ToList();

        var match = Assert.Single(Correlate(EventCount("{gte: 5}", groupBy: "[TargetUserName]"), incident));

        Assert.Equal(string.Empty, match.Group["TargetUserName"]);
        Assert.Equal(5, match.Events.Count);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void Value_count_counts_the_distinct_values_of_its_field(int users, bool matches)
    {
        // Six failed logons against `users` accounts: repeats of an account do not count again.
        var incident = Enumerable.Range(0, 6).Select(i => Security($"f{i}", 4625, i * 60, ("TargetUserName", $"user{i % users}")))
            .Append(Security("nameless", 4625, 400))
            .ToList();
        var combined = WithBaseRules("""
                type: value_count
                rules: [failed_logon]
                group-by: [IpAddress]
                timespan: 1h
                condition:
                    field: TargetUserName
                    gte: 3
            """);

        Assert.Equal(matches, Correlate(combined, incident).Count == 1);
    }

    [Fact]
    public void Temporal_matches_when_every_rule_matched_within_the_timespan_in_any_order()
    {
        var incident = new[]
        {
            Security("ok", 4624, 0, ("TargetUserName", "alice")),
            Security("fail", 4625, 60, ("TargetUserName", "alice")),
            Security("explicit", 4648, 120, ("TargetUserName", "alice")),
        };

        var match = Assert.Single(Correlate(Temporal("temporal"), incident));

        Assert.Equal(["ok", "fail", "explicit"], Ids(match));
    }

    [Fact]
    public void Temporal_does_not_match_when_one_rule_is_missing()
    {
        var incident = new[]
        {
            Security("fail", 4625, 0, ("TargetUserName", "alice")),
            Security("fail2", 4625, 30, ("TargetUserName", "alice")),
            Security("ok", 4624, 60, ("TargetUserName", "alice")),
        };

        Assert.Empty(Correlate(Temporal("temporal"), incident));
    }

    [Fact]
    public void Temporal_does_not_match_when_the_rules_matched_too_far_apart_or_in_different_groups()
    {
        var apart = new[]
        {
            Security("fail", 4625, 0, ("TargetUserName", "alice")),
            Security("explicit", 4648, 60, ("TargetUserName", "alice")),
            Security("ok", 4624, 301, ("TargetUserName", "alice")),
        };
        var split = new[]
        {
            Security("fail", 4625, 0, ("TargetUserName", "alice")),
            Security("explicit", 4648, 60, ("TargetUserName", "alice")),
            Security("ok", 4624, 120, ("TargetUserName", "bob")),
        };

        Assert.Empty(Correlate(Temporal("temporal"), apart));
        Assert.Empty(Correlate(Temporal("temporal"), split));
    }

    [Fact]
    public void Temporal_ordered_matches_the_rules_in_the_listed_order()
    {
        // A success first does not spoil the order: the later one completes it.
        var incident = new[]
        {
            Security("early-ok", 4624, 0, ("TargetUserName", "alice")),
            Security("fail", 4625, 10, ("TargetUserName", "alice")),
            Security("explicit", 4648, 20, ("TargetUserName", "alice")),
            Security("ok", 4624, 30, ("TargetUserName", "alice")),
        };

        Assert.Single(Correlate(Temporal("temporal_ordered"), incident));
    }

    [Fact]
    public void Temporal_ordered_does_not_match_the_rules_in_another_order()
    {
        var incident = new[]
        {
            Security("explicit", 4648, 0, ("TargetUserName", "alice")),
            Security("fail", 4625, 10, ("TargetUserName", "alice")),
            Security("ok", 4624, 20, ("TargetUserName", "alice")),
        };

        Assert.Single(Correlate(Temporal("temporal"), incident));
        Assert.Empty(Correlate(Temporal("temporal_ordered"), incident));
    }

    [Fact]
    public void Aliases_group_the_events_of_each_rule_by_that_rules_own_field()
    {
        // The failure names the attacker's address as IpAddress, the explicit logon as its target.
        var combined = WithBaseRules("""
                type: temporal
                rules: [failed_logon, explicit_logon]
                group-by: [attacker]
                timespan: 5m
                aliases:
                    attacker:
                        failed_logon: IpAddress
                        explicit_logon: TargetServerName
            """);
        var incident = new[]
        {
            Security("fail", 4625, 0, ("IpAddress", "77.83.247.201")),
            Security("explicit", 4648, 60, ("TargetServerName", "77.83.247.201"), ("IpAddress", "10.0.0.5")),
        };

        var match = Assert.Single(Correlate(combined, incident));

        Assert.Equal("77.83.247.201", match.Group["attacker"]);
    }

    [Fact]
    public void Correlations_see_the_matches_of_rules_that_do_not_report_on_their_own()
    {
        var combined = EventCount("{gte: 5}");
        var rules = new SigmaRuleSet(combined.Rules);

        var matches = rules.Match(FailedLogons(1)[0]);

        Assert.False(Assert.Single(matches).Rule.ReportsOnItsOwn);
        Assert.Single(Correlate(combined, FailedLogons(5)));
    }
}
