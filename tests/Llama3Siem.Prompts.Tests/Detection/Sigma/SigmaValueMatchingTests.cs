using static Llama3Siem.Prompts.Tests.Detection.Sigma.SigmaTesting;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>Conformance: one rule form per test, on values of the Sigma 2 specification's string semantics.</summary>
public sealed class SigmaValueMatchingTests
{
    [Fact]
    public void A_plain_value_must_equal_the_whole_field_ignoring_case()
    {
        var rule = ProcessCreationRule("""
                selection:
                    Image: 'C:\Windows\System32\whoami.exe'
                condition: selection
            """);

        Assert.True(Matches(rule, Process(("Image", @"c:\windows\system32\WHOAMI.EXE"))));
        Assert.False(Matches(rule, Process(("Image", @"C:\Windows\System32\whoami.exe.bak"))));
        Assert.False(Matches(rule, Process(("Image", @"D:\C:\Windows\System32\whoami.exe"))));
    }

    [Fact]
    public void Cased_makes_the_comparison_case_sensitive()
    {
        var rule = ProcessCreationRule("""
                selection:
                    CommandLine|cased|contains: 'IEX'
                condition: selection
            """);

        Assert.True(Matches(rule, Process(("CommandLine", "powershell IEX(New-Object Net.WebClient)"))));
        Assert.False(Matches(rule, Process(("CommandLine", "powershell iex(New-Object Net.WebClient)"))));
    }

    [Fact]
    public void Star_matches_any_run_and_question_mark_exactly_one_character()
    {
        var rule = ProcessCreationRule("""
                selection:
                    Image: '*\rundll3?.exe'
                condition: selection
            """);

        Assert.True(Matches(rule, Process(("Image", @"C:\Windows\System32\RUNDLL32.exe"))));
        Assert.True(Matches(rule, Process(("Image", "\\rundll3x.exe"))));
        Assert.False(Matches(rule, Process(("Image", @"C:\Windows\System32\rundll3.exe"))));
        Assert.False(Matches(rule, Process(("Image", @"C:\Windows\System32\rundll32.exe.old"))));
    }

    [Fact]
    public void Escaped_wildcards_and_backslashes_are_literal_and_a_lone_backslash_is_itself()
    {
        var rule = ProcessCreationRule("""
                selection:
                    CommandLine|contains: 'a\*b\?c\\*d\e'
                condition: selection
            """);

        // \* and \? are the literal characters, \\ one backslash followed here by a wildcard, \e a backslash and e.
        Assert.True(Matches(rule, Process(("CommandLine", @"x a*b?c\zzz d\e y"))));
        Assert.False(Matches(rule, Process(("CommandLine", @"x aXb?c\zzzd\e"))));
        Assert.False(Matches(rule, Process(("CommandLine", @"x a*bXc\zzzd\e"))));
    }

    [Fact]
    public void Contains_startswith_and_endswith_place_the_value_inside_at_the_start_and_at_the_end()
    {
        var rule = ProcessCreationRule("""
                contains:
                    CommandLine|contains: 'sekurlsa'
                starts:
                    Image|startswith: 'C:\Users\'
                ends:
                    ParentImage|endswith: '\winword.exe'
                condition: contains and starts and ends
            """);

        Assert.True(Matches(rule, Process(("CommandLine", "m.exe SEKURLSA::logonpasswords"),
            ("Image", @"c:\users\bob\m.exe"), ("ParentImage", @"C:\Office\WINWORD.EXE"))));
        Assert.False(Matches(rule, Process(("CommandLine", "m.exe sekurlsa::logonpasswords"),
            ("Image", @"D:\c:\users\bob\m.exe"), ("ParentImage", @"C:\Office\WINWORD.EXE"))));
        Assert.False(Matches(rule, Process(("CommandLine", "m.exe sekurlsa::logonpasswords"),
            ("Image", @"c:\users\bob\m.exe"), ("ParentImage", @"C:\Office\winword.exe.lnk"))));
    }

    [Fact]
    public void A_list_of_values_is_an_or_and_all_makes_it_an_and()
    {
        var rule = ProcessCreationRule("""
                any:
                    Image|endswith:
                        - '\certutil.exe'
                        - '\bitsadmin.exe'
                every:
                    CommandLine|contains|all:
                        - 'http'
                        - '-split'
                condition: any and every
            """);

        Assert.True(Matches(rule, Process(("Image", @"C:\w\bitsadmin.exe"), ("CommandLine", "x -urlcache -split -f http://e"))));
        Assert.False(Matches(rule, Process(("Image", @"C:\w\bitsadmin.exe"), ("CommandLine", "x -urlcache -f http://e"))));
        Assert.False(Matches(rule, Process(("Image", @"C:\w\curl.exe"), ("CommandLine", "x -split http://e"))));
    }

    [Fact]
    public void Null_matches_a_field_that_is_absent_or_empty()
    {
        var rule = ProcessCreationRule("""
                selection:
                    OriginalFileName: null
                condition: selection
            """);

        Assert.True(Matches(rule, Process(("Image", "a.exe"))));
        Assert.True(Matches(rule, Process(("OriginalFileName", ""))));
        Assert.False(Matches(rule, Process(("OriginalFileName", "a.exe"))));
    }

    [Fact]
    public void A_quoted_empty_value_matches_an_empty_field_only()
    {
        var rule = ProcessCreationRule("""
                selection:
                    OriginalFileName: ''
                condition: selection
            """);

        Assert.True(Matches(rule, Process(("OriginalFileName", ""))));
        Assert.False(Matches(rule, Process(("Image", "a.exe"))));
    }

    [Fact]
    public void Exists_tests_whether_the_field_is_present_at_all()
    {
        var present = ProcessCreationRule("""
                selection:
                    Hashes|exists: true
                condition: selection
            """);
        var absent = ProcessCreationRule("""
                selection:
                    Hashes|exists: false
                condition: selection
            """);

        Assert.True(Matches(present, Process(("Hashes", ""))));
        Assert.False(Matches(present, Process(("Image", "a.exe"))));
        Assert.True(Matches(absent, Process(("Image", "a.exe"))));
        Assert.False(Matches(absent, Process(("Hashes", "MD5=00"))));
    }

    [Fact]
    public void Numeric_modifiers_compare_numbers_and_never_match_text()
    {
        var rule = ProcessCreationRule("""
                low:
                    ProcessId|gte: 100
                high:
                    ProcessId|lt: 1000
                above:
                    TerminalSessionId|gt: 0
                under:
                    TerminalSessionId|lte: 2.5
                condition: low and high and above and under
            """);

        Assert.True(Matches(rule, Process(("ProcessId", "100"), ("TerminalSessionId", "2"))));
        Assert.False(Matches(rule, Process(("ProcessId", "1000"), ("TerminalSessionId", "2"))));
        Assert.False(Matches(rule, Process(("ProcessId", "99"), ("TerminalSessionId", "2"))));
        Assert.False(Matches(rule, Process(("ProcessId", "500"), ("TerminalSessionId", "0"))));
        Assert.False(Matches(rule, Process(("ProcessId", "500"), ("TerminalSessionId", "3"))));
        Assert.False(Matches(rule, Process(("ProcessId", "five hundred"), ("TerminalSessionId", "2"))));
    }

    [Fact]
    public void Cidr_matches_addresses_inside_ipv4_and_ipv6_networks()
    {
        var rule = SigmaRuleForNetwork("""
                selection:
                    DestinationIp|cidr:
                        - '10.0.0.0/8'
                        - 'fd00::/8'
                condition: selection
            """);

        Assert.True(Matches(rule, Sysmon(3, ("DestinationIp", "10.200.3.4"))));
        Assert.True(Matches(rule, Sysmon(3, ("DestinationIp", "fd12:3456::1"))));
        Assert.False(Matches(rule, Sysmon(3, ("DestinationIp", "11.0.0.1"))));
        Assert.False(Matches(rule, Sysmon(3, ("DestinationIp", "fe80::1"))));
        Assert.False(Matches(rule, Sysmon(3, ("DestinationIp", "not an address"))));
    }

    [Fact]
    public void Fieldref_compares_the_field_with_another_field_of_the_same_event()
    {
        var rule = ProcessCreationRule("""
                selection:
                    Image|fieldref: ParentImage
                condition: selection
            """);

        Assert.True(Matches(rule, Process(("Image", @"C:\a\x.exe"), ("ParentImage", @"c:\A\X.exe"))));
        Assert.False(Matches(rule, Process(("Image", @"C:\a\x.exe"), ("ParentImage", @"C:\a\y.exe"))));
        Assert.False(Matches(rule, Process(("Image", @"C:\a\x.exe"))));
    }

    [Fact]
    public void Re_searches_anywhere_case_sensitively_unless_i_is_given()
    {
        var sensitive = ProcessCreationRule("""
                selection:
                    CommandLine|re: '-e(nc|ncodedcommand) [A-Za-z0-9+/=]{8,}'
                condition: selection
            """);
        var insensitive = ProcessCreationRule("""
                selection:
                    CommandLine|re|i: '^POWERSHELL'
                condition: selection
            """);

        Assert.True(Matches(sensitive, Process(("CommandLine", "powershell -enc SQBFAFgAIAAoAE4A"))));
        Assert.False(Matches(sensitive, Process(("CommandLine", "powershell -ENC SQBFAFgAIAAoAE4A"))));
        Assert.True(Matches(insensitive, Process(("CommandLine", "powershell -nop"))));
        Assert.False(Matches(insensitive, Process(("CommandLine", "cmd /c powershell -nop"))));
    }

    [Fact]
    public void Re_m_lets_anchors_match_at_lines_and_s_lets_the_dot_match_newlines()
    {
        var multiline = ProcessCreationRule("""
                selection:
                    CommandLine|re|m: '^Invoke-Mimikatz$'
                condition: selection
            """);
        var dotall = ProcessCreationRule("""
                selection:
                    CommandLine|re|s: 'begin.+end'
                condition: selection
            """);

        Assert.True(Matches(multiline, Process(("CommandLine", "$a = 1\nInvoke-Mimikatz\n$b = 2"))));
        Assert.False(Matches(multiline, Process(("CommandLine", "$a = 1 Invoke-Mimikatz $b = 2"))));
        Assert.True(Matches(dotall, Process(("CommandLine", "begin\nend"))));
        Assert.False(Matches(ProcessCreationRule("""
                selection:
                    CommandLine|re: 'begin.+end'
                condition: selection
            """), Process(("CommandLine", "begin\nend"))));
    }

    [Fact]
    public void A_keyword_list_searches_every_field_value_for_any_of_the_words()
    {
        var rule = ProcessCreationRule("""
                keywords:
                    - 'mimikatz'
                    - 'sekurlsa::*passwords'
                condition: keywords
            """);

        Assert.True(Matches(rule, Process(("Description", "the MIMIKATZ tool"))));
        Assert.True(Matches(rule, Process(("CommandLine", "x.exe sekurlsa::logonpasswords exit"))));
        Assert.False(Matches(rule, Process(("CommandLine", "x.exe lsadump::sam"))));
    }

    [Fact]
    public void A_field_holding_a_list_matches_when_any_item_does()
    {
        var rule = ProcessCreationRule("""
                selection:
                    Tags: 'persistence'
                condition: selection
            """);

        Assert.True(Matches(rule, Process(("Tags.0", "discovery"), ("Tags.1", "persistence"))));
        Assert.False(Matches(rule, Process(("Tags.0", "discovery"), ("Tags.1", "execution"))));
    }

    private static Prompts.Detection.Sigma.SigmaRule SigmaRuleForNetwork(string detection) => Prompts.Detection.Sigma.SigmaRule.Parse($"""
        title: Network test rule
        logsource:
            product: windows
            category: network_connection
        detection:
        {detection}
        """);
}
