using System.Collections.ObjectModel;
using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Events;
using static Llama3Siem.Prompts.Tests.Detection.Sigma.SigmaTesting;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>Where <see cref="SigmaFieldResolver"/> finds a Sigma field, whatever dictionary holds the event's fields.</summary>
public sealed class SigmaFieldResolverTests
{
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["Image"] = @"C:\Windows\System32\cmd.exe",
        ["Tags.0"] = "discovery",
        ["Tags.1"] = "persistence",
        ["winlog.event_data.ParentImage"] = @"C:\Office\WINWORD.EXE",
        ["event_data.Hashes.0"] = "MD5=00",
        ["event_data.Hashes.1"] = "SHA256=11",
        ["process.command_line"] = "cmd /c whoami",
    };

    /// <summary>The parser's ordinal dictionary, one with the default comparer, and dictionaries of other kinds.</summary>
    public static TheoryData<string> Kinds => ["ordinal", "default", "sorted", "read-only"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_place_a_field_can_live_resolves_alike_in_any_dictionary(string kind)
    {
        var evt = new SecurityEvent
        {
            Id = "e1",
            Timestamp = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero),
            Format = EventFormats.Windows,
            User = "j.doe",
            Fields = kind switch
            {
                "ordinal" => Fields,
                "default" => new Dictionary<string, string>(Fields),
                "sorted" => new SortedDictionary<string, string>(Fields, StringComparer.Ordinal),
                _ => new ReadOnlyDictionary<string, string>(Fields),
            },
        };
        var resolver = SigmaFieldResolver.Default;

        Assert.Equal([@"C:\Windows\System32\cmd.exe"], resolver.Resolve(evt, "Image"));
        Assert.Equal(["discovery", "persistence"], resolver.Resolve(evt, "Tags"));
        Assert.Equal([@"C:\Office\WINWORD.EXE"], resolver.Resolve(evt, "ParentImage"));
        Assert.Equal(["MD5=00", "SHA256=11"], resolver.Resolve(evt, "Hashes"));
        Assert.Equal(["cmd /c whoami"], resolver.Resolve(evt, "CommandLine"));
        Assert.Equal(["j.doe"], resolver.Resolve(evt, "User"));
        Assert.Empty(resolver.Resolve(evt, "TargetFilename"));
        Assert.Empty(resolver.Resolve(evt, "Tag"));
    }

    [Fact]
    public void A_rule_reads_the_values_a_resolver_gives_as_a_list()
    {
        var rule = ProcessCreationRule("""
                selection:
                    CommandLine|contains: 'whoami'
                condition: selection
            """);
        var set = new SigmaRuleSet([rule], new ListResolver());

        Assert.Single(set.Match(Process(("CommandLine", "cmd /c whoami"))));
        Assert.Empty(set.Match(Process(("CommandLine", "cmd /c dir"))));
    }

    /// <summary>A resolver of another kind than the default's, whose values are a <see cref="List{T}"/>.</summary>
    private sealed class ListResolver : ISigmaFieldResolver
    {
        public IReadOnlyList<string> Resolve(SecurityEvent evt, string field) =>
            new List<string>(SigmaFieldResolver.Default.Resolve(evt, field));
    }
}
