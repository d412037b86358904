namespace Llama3Siem.Worker.Tests.Configuration;

/// <summary>Environment variables are process-wide: these tests run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(ConfigurationPrecedenceTests), DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;

[Collection(nameof(ConfigurationPrecedenceTests))]
public sealed class ConfigurationPrecedenceTests : IDisposable
{
    private const string Variable = "Correlation__MaxEventsPerIncident";
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(Variable, null);
        _folder.Dispose();
    }

    [Fact]
    public async Task Environment_variables_configure_the_command_and_arguments_override_them()
    {
        var input = _folder.File("in.jsonl");
        await File.WriteAllTextAsync(input, "{\"message\":\"hello\",\"timestamp\":\"2026-03-01T09:00:00Z\"}\n", TestContext.Current.CancellationToken);
        string[] enrich = ["enrich", "--input", input, "--db", _folder.File("x.db"), "--DeadLetters:Path=" + _folder.File("dead.jsonl")];
        Environment.SetEnvironmentVariable(Variable, "0");

        var fromEnvironment = await CliRunner.RunAsync(enrich);
        var overridden = await CliRunner.RunAsync([.. enrich, "--Correlation:MaxEventsPerIncident=5"]);

        Assert.Equal(2, fromEnvironment.ExitCode);
        Assert.Contains("Correlation:MaxEventsPerIncident must be between 1 and 100000 (got 0).", fromEnvironment.Error, StringComparison.Ordinal);
        Assert.True(overridden.ExitCode == 0, overridden.Error);
    }
}
