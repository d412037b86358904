using System.Text.Json;
using Llama3Siem.Prompts.Knowledge;

namespace Llama3Siem.Worker.Tests.Cli;

public sealed class KbCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Kb_controls_prints_exactly_the_mapped_controls_normalised()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("kb", "controls", "t1003.001");

        Assert.Equal(0, exitCode);
        var printed = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[0]).ToList();
        Assert.Equal(ThreatKnowledge.BuiltIn.ControlsFor("T1003.001"), printed);
        Assert.Contains("AC-2\tAC\tAccount Management", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kb_controls_agrees_with_the_ctid_mapping_file_itself()
    {
        var mapping = RepositoryFiles.SharedData("ctid-attack-16.1-nist-800-53-rev5.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(mapping));
        var expected = document.RootElement.GetProperty("mapping_objects").EnumerateArray()
            .Where(m => m.GetProperty("attack_object_id").GetString() == "T1003.001" && m.GetProperty("status").GetString() == "complete")
            .Select(m => ControlIds.TryNormalize(m.GetProperty("capability_id").GetString(), out var id) ? id : "?")
            .Order(StringComparer.Ordinal)
            .ToList();

        var (_, output, _) = await CliRunner.RunAsync("kb", "controls", "T1003.001");

        Assert.Equal(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Kb_techniques_shows_name_tactics_status_and_rules_and_refuses_unknown_ids()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("kb", "techniques", "T1053.005");
        var (unknown, _, error) = await CliRunner.RunAsync("kb", "techniques", "T9999");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("T1053.005\tScheduled Task\texecution;persistence;privilege-escalation\tactive", output, StringComparison.Ordinal);
        Assert.Contains("detected by rule ", output, StringComparison.Ordinal);
        Assert.Contains("Scheduled task registered", output, StringComparison.Ordinal);
        Assert.Equal(1, unknown);
        Assert.Contains("No ATT&CK technique 'T9999'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kb_eval_reports_technique_precision_recall_and_mitigation_agreement_for_labelled_events()
    {
        var events = _folder.File("lsass.jsonl");
        await File.WriteAllLinesAsync(events,
        [
            """{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Hostname":"WS1","TimeCreated":"2026-03-01 09:00:00.000","Image":"C:\\Windows\\System32\\rundll32.exe","CommandLine":"rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\t\\l.dmp full"}""",
            """{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Hostname":"WS1","TimeCreated":"2026-03-01 09:01:00.000","Image":"C:\\Windows\\System32\\whoami.exe","CommandLine":"whoami /all"}""",
        ], TestContext.Current.CancellationToken);
        var manifest = _folder.File("labels.json");
        await File.WriteAllTextAsync(manifest, """[{"file":"lsass.jsonl","attack_techniques":["T1003.001"]}]""", TestContext.Current.CancellationToken);

        var (exitCode, output, error) = await CliRunner.RunAsync("kb", "eval", "--labels", manifest);

        Assert.True(exitCode == 0, error);
        Assert.Contains("T1003.001,T1033", output, StringComparison.Ordinal);
        Assert.Contains("techniques: 1 of 2 detections are labelled (precision 0.500), 1 of 1 labels detected (recall 1.000)", output, StringComparison.Ordinal);
        Assert.Contains("mitigations: ", output, StringComparison.Ordinal);
        Assert.Contains("recall 1.000)", output.Split('\n').Single(l => l.Contains("mitigations:", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kb_eval_over_a_stored_run_reports_what_the_verifier_removed()
    {
        var input = RepositoryFiles.Sample("events.jsonl");
        var db = _folder.File("x.db");
        await CliRunner.RunAsync("enrich", "--input", input, "--db", db, "--quiet", "--DeadLetters:Path=" + _folder.File("d.jsonl"));

        var (exitCode, output, _) = await CliRunner.RunAsync("kb", "eval", "--db", db);

        Assert.Equal(0, exitCode);
        Assert.Contains("16 incidents, 0 with a model narrative", output, StringComparison.Ordinal);
        Assert.Contains("removed by the verifier: 0 IOCs not in their events, 0 techniques unknown, revoked or citing no event of the incident, 0 controls the mapping does not give", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kb_import_writes_a_knowledge_base_that_every_command_uses_through_knowledge_path()
    {
        var fixtures = Path.Combine(RepositoryFiles.Root(), "tests", "Llama3Siem.Prompts.Tests", "Knowledge", "Import", "Fixtures");
        var folder = _folder.File("kb");

        var (imported, importOutput, importError) = await CliRunner.RunAsync("kb", "import",
            "--ctid", Path.Combine(fixtures, "ctid-mapping.json"), "--attack", Path.Combine(fixtures, "enterprise-attack.json"), "--out", folder);
        var (listed, controls, _) = await CliRunner.RunAsync("kb", "controls", "T1003", $"--Knowledge:Path={folder}");
        var (missing, _, missingError) = await CliRunner.RunAsync("kb", "controls", "T1003", "--Knowledge:Path=" + _folder.File("absent"));

        Assert.True(imported == 0, importError);
        Assert.Contains("techniques 6 (4 active, 2 revoked), controls 6, mapped techniques 4", importOutput, StringComparison.Ordinal);
        Assert.Equal(0, listed);
        Assert.Equal(["AC-2", "AC-16", "CM-6"], controls.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[0]));
        Assert.Equal(2, missing);
        Assert.Contains("Knowledge:Path names a folder that does not exist", missingError, StringComparison.Ordinal);
    }
}
