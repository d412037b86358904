using Llama3Siem.Prompts.Detection.Sigma;
using static Llama3Siem.Prompts.Tests.Detection.Sigma.SigmaTesting;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>
/// The literal requirements the rule index derives from a detection: each must hold on every event the
/// detection matches, whatever the condition does with it.
/// </summary>
public sealed class SigmaRequirementTests
{
    [Fact]
    public void A_map_requires_each_of_its_fields()
    {
        var requirements = Requirements("""
                selection:
                    Image|endswith: '\certutil.exe'
                    CommandLine|contains|all:
                        - 'urlcache'
                        - 'split'
                condition: selection
            """);

        Assert.Equal(
            ["CommandLine Contains split", "CommandLine Contains urlcache", @"Image EndsWith \certutil.exe"],
            requirements.Select(r => Assert.Single(r)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Alternatives_require_one_test_from_each_alternative()
    {
        var requirements = Requirements("""
                selection_img:
                    - Image|endswith: '\rundll32.exe'
                    - OriginalFileName: 'RUNDLL32.EXE'
                selection_cli:
                    CommandLine|contains:
                        - 'MiniDump'
                        - '#24'
                condition: all of selection_*
            """);

        Assert.Equal(2, requirements.Count);
        Assert.Contains([@"Image EndsWith \rundll32.exe", "OriginalFileName Whole RUNDLL32.EXE"], requirements);
        Assert.Contains(["CommandLine Contains #24", "CommandLine Contains MiniDump"], requirements);
    }

    [Theory]
    [InlineData("selection or filter_regex")]
    [InlineData("1 of selection* or 1 of filter*")]
    [InlineData("not selection")]
    [InlineData("not (selection and selection_two)")]
    public void Nothing_is_required_when_a_match_may_rest_on_a_search_without_literals(string condition)
    {
        var requirements = Requirements($"""
                selection:
                    Image|endswith: '\a.exe'
                selection_two:
                    CommandLine|contains: 'bee'
                filter_regex:
                    CommandLine|re: 'b+e+'
                condition: {condition}
            """);

        Assert.Empty(requirements);
    }

    [Fact]
    public void A_negated_search_adds_nothing_and_takes_nothing_away()
    {
        var requirements = Requirements("""
                selection:
                    Image|endswith: '\a.exe'
                filter:
                    User: 'SYSTEM'
                condition: selection and not filter
            """);

        Assert.Equal([[@"Image EndsWith \a.exe"]], requirements);
    }

    [Theory]
    [InlineData("1 of selection_*", 0)]
    [InlineData("2 of selection_*", 1)]
    [InlineData("all of selection_*", 2)]
    public void At_least_n_of_searches_requires_a_test_once_fewer_than_n_searches_lack_literals(string condition, int expected)
    {
        var requirements = Requirements($"""
                selection_a:
                    Image|endswith: '\a.exe'
                selection_b:
                    CommandLine|contains: 'bee'
                selection_regex:
                    CommandLine|re: 'b+e+'
                condition: {condition}
            """);

        Assert.Equal(expected, requirements.Count);
        if (condition.StartsWith('2'))
        {
            Assert.Equal([["CommandLine Contains bee", @"Image EndsWith \a.exe"]], requirements);
        }
    }

    [Fact]
    public void A_keyword_requires_its_text_in_any_field()
    {
        var requirements = Requirements("""
                keywords:
                    - 'mimikatz'
                    - 'sekurlsa::*passwords'
                condition: keywords
            """);

        Assert.Equal([[" Contains mimikatz", " Contains sekurlsa::"]], requirements);
    }

    [Fact]
    public void A_wildcard_value_requires_its_longest_literal_stretch_anywhere()
    {
        var requirements = Requirements("""
                selection:
                    Image: '*\Temp*\svchost?.exe'
                condition: selection
            """);

        Assert.Equal([[@"Image Contains \svchost"]], requirements);
    }

    [Fact]
    public void Windash_requires_any_of_the_dash_variants()
    {
        var requirements = Requirements("""
                selection:
                    CommandLine|windash|contains: ' -enc '
                condition: selection
            """);

        Assert.Equal(
            [" Contains  -enc ", " Contains  /enc ", " Contains  \u2013enc ", " Contains  \u2014enc ", " Contains  \u2015enc "],
            Assert.Single(requirements).Select(t => t.Replace("CommandLine", string.Empty, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Regexes_numbers_networks_presence_and_absence_require_nothing()
    {
        var requirements = Requirements("""
                selection:
                    CommandLine|re: 'b+e+'
                    ProcessId|gt: 4
                    DestinationIp|cidr: '10.0.0.0/8'
                    User|exists: true
                    ParentImage: null
                    ParentCommandLine|fieldref: CommandLine
                    Image: ''
                condition: selection
            """);

        Assert.Empty(requirements);
    }

    /// <summary>Each requirement as its tests, "Field Kind Text", in a stable order.</summary>
    private static List<List<string>> Requirements(string detection) =>
        [.. ProcessCreationRule(detection).Detection.Requirements()
            .Select(r => r.AnyOf.Select(t => $"{t.Field} {t.Kind} {t.Text}").Order(StringComparer.Ordinal).ToList())];
}
