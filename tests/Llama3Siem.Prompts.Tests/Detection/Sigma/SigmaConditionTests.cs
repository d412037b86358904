using static Llama3Siem.Prompts.Tests.Detection.Sigma.SigmaTesting;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>Conformance for detection structure and conditions.</summary>
public sealed class SigmaConditionTests
{
    private const string Searches = """
            selection_a:
                Image|endswith: '\a.exe'
            selection_b:
                CommandLine|contains: 'bee'
            filter_c:
                User: 'SYSTEM'
            _helper:
                Hostname: 'WS-FIN-07'
        """;

    [Fact]
    public void A_map_is_the_and_of_its_fields()
    {
        var rule = ProcessCreationRule("""
                selection:
                    Image|endswith: '\a.exe'
                    CommandLine|contains: 'bee'
                condition: selection
            """);

        Assert.True(Matches(rule, Process(("Image", @"C:\a.exe"), ("CommandLine", "a bee"))));
        Assert.False(Matches(rule, Process(("Image", @"C:\a.exe"), ("CommandLine", "a wasp"))));
    }

    [Fact]
    public void A_list_of_maps_is_the_or_of_the_maps()
    {
        var rule = ProcessCreationRule("""
                selection:
                    - Image|endswith: '\a.exe'
                      CommandLine|contains: 'bee'
                    - User: 'SYSTEM'
                condition: selection
            """);

        Assert.True(Matches(rule, Process(("Image", @"C:\a.exe"), ("CommandLine", "a bee"))));
        Assert.True(Matches(rule, Process(("User", "system"))));
        Assert.False(Matches(rule, Process(("Image", @"C:\a.exe"), ("User", "alice"))));
    }

    [Theory]
    [InlineData("selection_a and not filter_c", true, false, false)]
    [InlineData("selection_a and (selection_b or filter_c)", false, true, false)]
    [InlineData("not (selection_a or selection_b)", false, false, true)]
    [InlineData("not not selection_a", true, true, false)]
    public void And_or_not_and_parentheses_combine_searches(string condition, bool onA, bool onAb, bool onNeither)
    {
        var rule = Rule(condition);

        Assert.Equal(onA, Matches(rule, Process(("Image", @"C:\a.exe"))));
        Assert.Equal(onAb, Matches(rule, Process(("Image", @"C:\a.exe"), ("CommandLine", "bee"), ("User", "SYSTEM"))));
        Assert.Equal(onNeither, Matches(rule, Process(("Image", @"C:\z.exe"))));
    }

    [Fact]
    public void Not_binds_tighter_than_and_which_binds_tighter_than_or()
    {
        // selection_a or (selection_b and (not filter_c)).
        var rule = Rule("selection_a or selection_b and not filter_c");

        Assert.True(Matches(rule, Process(("Image", @"C:\a.exe"), ("User", "SYSTEM"))));
        Assert.True(Matches(rule, Process(("CommandLine", "bee"), ("User", "alice"))));
        Assert.False(Matches(rule, Process(("CommandLine", "bee"), ("User", "SYSTEM"))));
        Assert.False(Matches(rule, Process(("Image", @"C:\z.exe"))));
    }

    [Fact]
    public void One_of_a_pattern_needs_any_matching_search_and_all_of_needs_every_one()
    {
        var one = Rule("1 of selection_*");
        var all = Rule("all of selection_*");

        Assert.True(Matches(one, Process(("CommandLine", "bee"))));
        Assert.False(Matches(all, Process(("CommandLine", "bee"))));
        Assert.True(Matches(all, Process(("Image", @"C:\a.exe"), ("CommandLine", "bee"))));
        Assert.False(Matches(one, Process(("User", "SYSTEM"))));
    }

    [Fact]
    public void Them_means_every_search_except_those_named_with_an_underscore()
    {
        var one = Rule("1 of them");
        var all = Rule("all of them");

        // _helper matches every test event, so it must not be what makes "1 of them" true.
        Assert.False(Matches(one, Process(("Image", @"C:\z.exe"))));
        Assert.True(Matches(one, Process(("User", "SYSTEM"))));
        Assert.True(Matches(all, Process(("Image", @"C:\a.exe"), ("CommandLine", "bee"), ("User", "SYSTEM"))));
        Assert.False(Matches(all, Process(("Image", @"C:\a.exe"), ("CommandLine", "bee"))));
    }

    [Fact]
    public void Quantifiers_combine_with_not_and_other_searches()
    {
        var rule = Rule("selection_a and not 1 of filter_*");

        Assert.True(Matches(rule, Process(("Image", @"C:\a.exe"))));
        Assert.False(Matches(rule, Process(("Image", @"C:\a.exe"), ("User", "SYSTEM"))));
    }

    [Fact]
    public void A_list_of_conditions_matches_when_any_of_them_does()
    {
        var rule = ProcessCreationRule($"""
            {Searches}
                condition:
                    - selection_a
                    - filter_c
            """);

        Assert.True(Matches(rule, Process(("User", "SYSTEM"))));
        Assert.True(Matches(rule, Process(("Image", @"C:\a.exe"))));
        Assert.False(Matches(rule, Process(("CommandLine", "bee"))));
    }

    private static Prompts.Detection.Sigma.SigmaRule Rule(string condition) => ProcessCreationRule($"""
        {Searches}
            condition: {condition}
        """);
}
