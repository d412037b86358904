using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Tests.Events;

/// <summary>The real OTRF Security-Datasets exports in /work/shared/data/samples (read, never copied).</summary>
public sealed class OtrfSampleTests(ITestOutputHelper output)
{
    private const string Lsass = "psh_lsass_memory_dump_comsvcs_2020-10-18T19500924.json";
    private const string SharpSc = "covenant_sharpsc_create_dcerpc_smb_svcctl_2020-08-06022635.json";
    private const string PsRemoting = "empire_psremoting_stager_2020-09-20170827.json";
    private const string CloudTrail = "ec2_proxy_s3_exfiltration_2020-09-14011940.json";

    [Theory]
    [InlineData(Lsass, EventFormats.Windows)]
    [InlineData(SharpSc, EventFormats.Windows)]
    [InlineData(PsRemoting, EventFormats.Windows)]
    [InlineData(CloudTrail, EventFormats.CloudTrail)]
    public void Every_line_of_the_sample_parses_as_its_format_with_its_own_time(string file, string format)
    {
        var events = ParseAll(file);

        Assert.NotEmpty(events);
        Assert.All(events, e =>
        {
            Assert.Equal(format, e.Format);
            Assert.False(e.TimestampIsFallback);
            Assert.InRange(e.Timestamp.Year, 2020, 2020);
            Assert.NotNull(e.Host);
            Assert.NotNull(e.RuleName);
        });
        output.WriteLine($"{file}: {events.Count} events, {events.Count(e => e.User is not null)} with user, "
            + $"{events.Count(e => e.SourceAddress is not null)} with source address, "
            + $"{events.Count(e => e.CommandLine is not null)} with command line, {events.Select(e => e.Id).Distinct().Count()} distinct ids");
    }

    [Fact]
    public void The_lsass_sample_has_the_comsvcs_minidump_on_workstation5()
    {
        var events = ParseAll(Lsass);

        var dumps = events.Where(e => e.CommandLine?.Contains("comsvcs.dll", StringComparison.OrdinalIgnoreCase) == true).ToList();
        Assert.NotEmpty(dumps);
        Assert.All(dumps, e => Assert.Equal("WORKSTATION5", e.Host));
        Assert.Contains(dumps, e => e.RuleName == "Sysmon 1: process create" && e.User == "WORKSTATION5\\wardog");
        Assert.Contains(dumps, e => e.RuleName == "Security 4688: process create");
        Assert.Contains(events, e => e.RuleName == "Sysmon 10: process access"
            && e.Fields.GetValueOrDefault("TargetImage")?.EndsWith("lsass.exe", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public void The_sharpsc_sample_has_the_remote_service_install_on_workstation6()
    {
        var events = ParseAll(SharpSc);

        var install = Assert.Single(events, e => e.Fields.GetValueOrDefault("ServiceName") == "Cyb3rWard0g");
        Assert.Equal("Security 4697: service installed", install.RuleName);
        Assert.Equal("C:\\Windows\\System32\\GruntHTTP2.exe", install.CommandLine);
        Assert.Equal("THESHIRE\\pgustavo", install.User);
        Assert.Equal("WORKSTATION6.theshire.local", install.Host);
        Assert.Contains(events, e => e.RuleName == "System 7045: service installed" && e.CommandLine == "C:\\Windows\\System32\\GruntHTTP2.exe");
        Assert.Contains(events, e => e.RuleName == "Security 4624: logon" && e.Fields.GetValueOrDefault("LogonType") == "3"
            && e.SourceAddress == "172.18.39.5" && e.User == "THESHIRE.LOCAL\\pgustavo");
    }

    [Fact]
    public void The_psremoting_sample_exposes_the_encoded_launcher()
    {
        var events = ParseAll(PsRemoting);

        Assert.Contains(events, e => e.CommandLine?.Contains("-enc ", StringComparison.Ordinal) == true
            && e.RuleName!.StartsWith("PowerShell", StringComparison.Ordinal));
        Assert.Contains(events, e => e.RuleName == "Security 4769: Kerberos service ticket requested" && e.SourceAddress == "172.18.39.5");
    }

    [Fact]
    public void The_cloudtrail_sample_has_users_source_addresses_and_the_stolen_role_session()
    {
        var events = ParseAll(CloudTrail);

        Assert.Contains(events, e => e.User == "pedro" && e.SourceAddress == "1.2.3.4");
        var stolen = events.Where(e => e.Fields.GetValueOrDefault("userIdentity.type") == "AssumedRole" && e.SourceAddress == "1.2.3.4").ToList();
        Assert.NotEmpty(stolen);
        Assert.All(stolen, e => Assert.Contains('/', e.User!));
        Assert.Contains(stolen, e => e.Action == "GetObject");
        Assert.All(events, e => Assert.Equal(e.Fields["eventID"], e.Id));
        Assert.All(events, e => Assert.Equal("123456789123", e.Host));
    }

    private static List<SecurityEvent> ParseAll(string file)
    {
        var folder = RepositoryFiles.SharedSamples();
        if (folder is null)
        {
            Assert.Skip("The OTRF samples are not here: <repo>/../shared/data/samples is absent.");
        }

        var parser = new EventParser();
        var events = new List<SecurityEvent>();
        var lineNumber = 0;
        foreach (var line in RepositoryFiles.Lines(Path.Combine(folder, file)))
        {
            lineNumber++;
            var result = parser.Parse(line, $"{file}:{lineNumber}");
            Assert.True(result.IsSuccess, $"{file} line {lineNumber}: {result.Rejection}");
            events.Add(result.Event!);
        }

        return events;
    }
}
