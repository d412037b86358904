using System.Globalization;
using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Events;
using static Llama3Siem.Prompts.Tests.Events.EventParsing;

namespace Llama3Siem.Prompts.Tests.Detection.Sigma;

/// <summary>
/// The built-in correlations failed-logon-burst and mass-file-encryption (counts over an incident), run on
/// events as the normalisers make them from raw records.
/// </summary>
public sealed class BuiltInCorrelationRulesTests
{
    private const string FailedLogonBurst = "287548c0-0105-4486-bab7-8a497be4116a";
    private const string MassFileEncryption = "b46115af-1672-489d-bce6-1e4fe668c046";

    [Fact]
    public void Both_files_load_whole_and_their_base_rules_do_not_report_on_their_own()
    {
        var builtIn = BuiltInSigmaRules.Load();

        Assert.DoesNotContain(builtIn.Skipped, s => s.File.Contains("failed-logon-burst", StringComparison.Ordinal) || s.File.Contains("mass-file-encryption", StringComparison.Ordinal));
        var burst = Assert.Single(builtIn.Correlations, c => c.Id == FailedLogonBurst);
        var encryption = Assert.Single(builtIn.Correlations, c => c.Id == MassFileEncryption);
        Assert.Equal("medium", burst.Level);
        Assert.Equal(["attack.credential-access", "attack.t1110"], burst.Tags);
        Assert.Equal("critical", encryption.Level);
        Assert.Equal(["attack.impact", "attack.t1486"], encryption.Tags);
        Assert.All(burst.Rules.Concat(encryption.Rules), rule =>
        {
            Assert.False(rule.ReportsOnItsOwn);
            Assert.True(rule.IsLogsourceMapped);
        });
    }

    [Fact]
    public void Four_failed_logons_are_not_a_burst()
    {
        Assert.DoesNotContain(Correlate(WindowsFailedLogons(4)), m => m.RuleId == FailedLogonBurst);
    }

    [Fact]
    public void Five_failed_logons_are_a_burst_citing_those_five()
    {
        var incident = WindowsFailedLogons(5);
        incident.Add(Parsed("""{"EventID":4624,"Channel":"Security","Hostname":"SRV-APP03","TimeCreated":"2026-03-02 08:13:00.000","TargetUserName":"administrator","LogonType":"3"}"""));

        var burst = Assert.Single(Correlate(incident), m => m.RuleId == FailedLogonBurst);

        Assert.Equal(incident.Take(5).Select(e => e.Id), burst.Events.Select(e => e.Id));
    }

    [Fact]
    public void Failed_console_sign_ins_count_with_failed_windows_logons()
    {
        var incident = WindowsFailedLogons(3);
        incident.Add(ConsoleLogin("c1", "Failure", "08:14:00"));
        incident.Add(ConsoleLogin("c2", "Success", "08:14:30"));

        Assert.DoesNotContain(Correlate(incident), m => m.RuleId == FailedLogonBurst);

        incident.Add(ConsoleLogin("c3", "Failure", "08:15:00"));
        var burst = Assert.Single(Correlate(incident), m => m.RuleId == FailedLogonBurst);
        Assert.Equal(5, burst.Events.Count);
        Assert.DoesNotContain(burst.Events, e => e.Id == "c2");
    }

    [Theory]
    [InlineData(24, false)]
    [InlineData(25, true)]
    public void Twenty_five_files_written_with_ransomware_extensions_are_mass_encryption(int files, bool matches)
    {
        string[] extensions = [".locked", ".ENCRYPTED", ".crypt", ".enc", ".LockBit", ".ryk"];
        var incident = Enumerable.Range(0, files)
            .Select(i => FileCreated($@"C:\Shares\Finance\q{i}.xlsx{extensions[i % extensions.Length]}", i))
            .Append(FileCreated(@"C:\Shares\Finance\notes.docx", 30))
            .ToList();

        var found = Correlate(incident).Where(m => m.RuleId == MassFileEncryption).ToList();

        Assert.Equal(matches, found.Count == 1);
        if (matches)
        {
            Assert.Equal(files, found[0].Events.Count);
        }
    }

    private static IReadOnlyList<SigmaCorrelationMatch> Correlate(IReadOnlyList<SecurityEvent> incident)
    {
        var builtIn = BuiltInSigmaRules.Load();
        var rules = new SigmaRuleSet(builtIn.Rules);
        return new SigmaCorrelationSet(builtIn.Correlations).Match(incident.Select(e => new SigmaMatchedEvent(e, rules.Match(e))).ToList());
    }

    /// <summary>NXLog records of Security 4625, as in samples/events.jsonl, a few seconds apart.</summary>
    private static List<SecurityEvent> WindowsFailedLogons(int count) => Enumerable.Range(0, count)
        .Select(i => Parsed($$"""
            {"EventID":4625,"Channel":"Security","SourceName":"Microsoft-Windows-Security-Auditing","Hostname":"SRV-APP03",
             "TimeCreated":"2026-03-02 08:12:{{(i * 5).ToString("00", CultureInfo.InvariantCulture)}}.210","RecordNumber":{{51000 + i}},
             "TargetUserName":"administrator","LogonType":"3","Status":"0xC000006D","IpAddress":"77.83.247.201","Message":"An account failed to log on."}
            """.ReplaceLineEndings(string.Empty)))
        .ToList();

    private static SecurityEvent ConsoleLogin(string id, string outcome, string time) => Parsed($$"""
        {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::410987652231:user/m.lopez","accountId":"410987652231","userName":"m.lopez"},
         "eventTime":"2026-03-02T{{time}}Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"eu-west-1",
         "sourceIPAddress":"77.83.247.201","responseElements":{"ConsoleLogin":"{{outcome}}"},"eventID":"{{id}}","eventType":"AwsConsoleSignIn"}
        """.ReplaceLineEndings(string.Empty));

    /// <summary>An NXLog record of Sysmon 11 (file created), <paramref name="seconds"/> into the minute.</summary>
    private static SecurityEvent FileCreated(string path, int seconds) => Parsed($$"""
        {"EventID":11,"Channel":"Microsoft-Windows-Sysmon/Operational","SourceName":"Microsoft-Windows-Sysmon","Hostname":"FS-01",
         "TimeCreated":"2026-03-02 09:00:{{seconds.ToString("00", CultureInfo.InvariantCulture)}}.000","Image":"C:\\Users\\Public\\x.exe",
         "TargetFilename":"{{path.Replace(@"\", @"\\", StringComparison.Ordinal)}}"}
        """.ReplaceLineEndings(string.Empty));
}
