namespace Llama3Siem.Worker.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public async Task Unknown_commands_and_options_are_usage_errors()
    {
        var (unknownCommand, _, error1) = await CliRunner.RunAsync("frobnicate");
        var (unknownOption, _, error2) = await CliRunner.RunAsync("enrich", "--inptu", "x");
        var (missingInput, _, error3) = await CliRunner.RunAsync("enrich");

        Assert.Equal(2, unknownCommand);
        Assert.Contains("Unknown command 'frobnicate'.", error1, StringComparison.Ordinal);
        Assert.Equal(2, unknownOption);
        Assert.Contains("Unknown option '--inptu' for 'enrich'.", error2, StringComparison.Ordinal);
        Assert.Equal(2, missingInput);
        Assert.Contains("enrich needs --input", error3, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_input_file_is_named_in_the_error()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("enrich", "--input", "/no/such/events.jsonl");

        Assert.Equal(2, exitCode);
        Assert.Contains("--input: no such file '/no/such/events.jsonl'.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_commands()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("help");

        Assert.Equal(0, exitCode);
        Assert.Contains("enrich --input <file.jsonl | ->", output, StringComparison.Ordinal);
        Assert.Contains("incidents [--db <path>]", output, StringComparison.Ordinal);
        Assert.Contains("run", output, StringComparison.Ordinal);
    }
}
