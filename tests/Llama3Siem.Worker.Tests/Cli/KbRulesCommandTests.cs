using System.Globalization;
using System.Text.RegularExpressions;

namespace Llama3Siem.Worker.Tests.Cli;

/// <summary><c>kb rules</c>: the operator's Sigma rules as the engine loads them, counted by outcome and reason.</summary>
public sealed partial class KbRulesCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Rules_are_counted_as_loaded_unmapped_or_skipped_with_their_reason()
    {
        var rules = Directory.CreateDirectory(_folder.File("rules")).FullName;
        await File.WriteAllTextAsync(Path.Combine(rules, "good.yml"), """
            title: Encoded PowerShell
            id: 5b1c6a52-0c7e-4d1e-9b0a-3e4f5a6b7c8d
            logsource:
              product: windows
              category: process_creation
            detection:
              selection:
                CommandLine|contains: ' -enc '
              condition: selection
            level: high
            """, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(rules, "odd.yaml"), """
            title: Uses a modifier we do not know
            logsource:
              product: windows
              category: process_creation
            detection:
              selection:
                CommandLine|sideways: x
              condition: selection
            """, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(rules, "broken.yml"), "title: [unclosed", TestContext.Current.CancellationToken);

        var (exitCode, printed, error) = await CliRunner.RunAsync("kb", "rules", "--Detection:SigmaPaths:0=" + rules);

        Assert.True(exitCode == 0, error);
        Assert.Contains("3 rules read, 1 loaded (33.3 %; 0 of them correlations), 0 with a logsource not mapped yet, 2 skipped", printed, StringComparison.Ordinal);
        Assert.Contains("unsupported-modifier:sideways", printed, StringComparison.Ordinal);
        Assert.Contains("yaml-error", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sigma_path_that_does_not_exist_stops_the_command_naming_the_setting()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("kb", "rules", "--Detection:SigmaPaths:0=" + _folder.File("missing"));

        Assert.Equal(2, exitCode);
        Assert.Contains("Detection:SigmaPaths:0", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_least_ninety_percent_of_the_sigmahq_rules_for_windows_linux_cloud_and_network_load()
    {
        var root = Path.GetDirectoryName(RepositoryFiles.SharedData("sigma/rules/windows/process_creation/proc_creation_win_certutil_download.yml"))!;
        var rules = Path.GetFullPath(Path.Combine(root, "..", ".."));
        string[] products = ["windows", "linux", "cloud", "network"];

        var (exitCode, printed, error) = await CliRunner.RunAsync(["kb", "rules", .. products.Select((p, i) => $"--Detection:SigmaPaths:{i}={Path.Combine(rules, p)}")]);

        Assert.True(exitCode == 0, error);
        output.WriteLine(printed);
        var lines = PathLine().Matches(printed);
        Assert.Equal(products.Length, lines.Count);
        var read = lines.Sum(m => int.Parse(m.Groups["read"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        var loaded = lines.Sum(m => int.Parse(m.Groups["loaded"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        Assert.InRange(100.0 * loaded / read, 90.0, 100.0);
        Assert.Contains("in all (built-in and every path):", printed, StringComparison.Ordinal);
    }

    /// <summary>One configured path's line: rules read and loaded.</summary>
    [GeneratedRegex(@"^[^\n]*/(windows|linux|cloud|network): (?<read>[\d,]+) rules read, (?<loaded>[\d,]+) loaded", RegexOptions.Multiline)]
    private static partial Regex PathLine();
}
