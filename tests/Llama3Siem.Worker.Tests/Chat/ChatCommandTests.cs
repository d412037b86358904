using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Llama3Siem.Sinks.Reports;
using Llama3Siem.Sinks.Sqlite;

namespace Llama3Siem.Worker.Tests.Chat;

/// <summary><c>chat</c> on the command line: questions from standard input, cited answers on standard output.</summary>
public sealed class ChatCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Reports => "--Reports:StorePath=" + _folder.File("reports.db");

    private async Task<(string Db, string Id)> EnrichSamplesAsync()
    {
        var db = _folder.File("incidents.db");
        var (exitCode, _, error) = await CliRunner.RunAsync(
            "enrich", "--input", RepositoryFiles.Sample("events.jsonl"), "--db", db, "--quiet", "--DeadLetters:Path=" + _folder.File("dead.jsonl"));
        Assert.True(exitCode == 0, error);
        var (listed, output, listError) = await CliRunner.RunAsync("incidents", "--db", db, "--json", "--severity", "critical", "--limit", "1");
        Assert.True(listed == 0, listError);
        var id = JsonDocument.Parse(output.Split('\n')[0]).RootElement.GetProperty("id").GetString()!;
        return (db, id);
    }

    [Fact]
    public async Task Chat_about_an_incident_answers_each_line_and_cites_the_incident()
    {
        var (db, id) = await EnrichSamplesAsync();

        var (exitCode, output, error) = await CliRunner.RunWithInputAsync(
            "What happened in this incident?\n\nWhich hosts were involved?\n/exit\nnever asked\n",
            "chat", "--incident", id, "--db", db, "--Chat:HistoryPath=" + _folder.File("chat.db"), Reports);

        Assert.True(exitCode == 0, error);
        Assert.Equal(2, output.Split($"citations: {id}").Length - 1);
        Assert.Contains($"[{id}]", output, StringComparison.Ordinal);
        Assert.Equal(4, error.Split("> ").Length - 1);
        Assert.False(File.Exists(_folder.File("chat.db")), "without a key, history stays in memory");
    }

    [Fact]
    public async Task With_a_key_the_history_file_is_written_encrypted()
    {
        var (db, id) = await EnrichSamplesAsync();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        const string Question = "Distinctive question about the incident, marker 4b7e?";

        var (exitCode, output, error) = await CliRunner.RunWithInputAsync(
            Question + "\n", "chat", "--incident", id, "--db", db, "--Chat:EncryptionKey=" + key, "--Chat:HistoryPath=" + _folder.File("h/chat.db"), Reports);

        Assert.True(exitCode == 0, error);
        Assert.Contains($"citations: {id}", output, StringComparison.Ordinal);
        var bytes = File.ReadAllBytes(_folder.File("h/chat.db"));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("marker 4b7e")));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(id)));
    }

    [Fact]
    public async Task Chat_reads_the_stored_reports_and_cites_the_one_asked_about()
    {
        var (db, _) = await EnrichSamplesAsync();
        var ct = TestContext.Current.CancellationToken;
        StoredReport report;
        await using (var incidents = new SqliteIncidentStore(new SqliteStoreOptions { Path = db }))
        {
            await incidents.InitializeAsync(ct);
            report = await ChatTestReports.CoveringAsync(incidents);
        }

        var reports = new SqliteReportStore(_folder.File("reports.db"));
        await reports.InitializeAsync(ct);
        await reports.UpsertAsync(report, ct);

        var (exitCode, output, error) = await CliRunner.RunWithInputAsync(
            "What did the last daily report say?\n", "chat", "--db", db, Reports);

        Assert.True(exitCode == 0, error);
        Assert.Contains($"[{report.Id}] daily report", output, StringComparison.Ordinal);
        Assert.Contains($"citations: {report.Id}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_incident_is_a_failure_with_a_message()
    {
        var (db, _) = await EnrichSamplesAsync();

        var (exitCode, _, error) = await CliRunner.RunWithInputAsync("hello\n", "chat", "--incident", "inc-000000000000000000000000", "--db", db, Reports);

        Assert.Equal(1, exitCode);
        Assert.Contains("No incident with id 'inc-000000000000000000000000'.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_of_the_wrong_length_stops_the_command_without_echoing_the_key()
    {
        var key = Convert.ToBase64String(Encoding.ASCII.GetBytes("twelve bytes"));

        var (exitCode, _, error) = await CliRunner.RunWithInputAsync("hello\n", "chat", "--db", _folder.File("x.db"), "--Chat:EncryptionKey=" + key);

        Assert.Equal(2, exitCode);
        Assert.Contains("Chat:EncryptionKey must be the base64 of 32 bytes (got 12 bytes).", error, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Chat:EncryptionKey=not base64!", "Chat:EncryptionKey must be the base64 of 32 bytes (it is not valid base64).")]
    [InlineData("--Chat:RequirePersistentHistory=true", "Chat:EncryptionKey must be set (the base64 of 32 random bytes) when Chat:RequirePersistentHistory is true.")]
    [InlineData("--Chat:TokenBudget=100", "Chat:TokenBudget must be between 1024 and 131072 (got 100).")]
    [InlineData("--Chat:MaxRetrievedIncidents=0", "Chat:MaxRetrievedIncidents must be between 1 and 50 (got 0).")]
    [InlineData("--Llama:ContextSize=1400", "Chat:MaxTokens must leave at least 1024 prompt tokens in Llama:ContextSize and Llama:KvCacheTokens (got 888).", true)]
    public async Task Invalid_chat_settings_name_the_setting(string setting, string expected, bool withModel = false)
    {
        string[] model = withModel ? ["--Llama:ModelPath=" + Llama3Siem.TestModels.TestModelFactory.WriteTiny(_folder.File("model.gguf"), seed: 1)] : [];
        var (exitCode, _, error) = await CliRunner.RunWithInputAsync("hello\n", ["chat", "--db", _folder.File("x.db"), setting, .. model]);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
