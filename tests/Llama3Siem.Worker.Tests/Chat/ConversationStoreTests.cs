using System.Security.Cryptography;
using System.Text;
using Llama3Siem.Worker.Chat;
using Llama3Siem.Worker.Tests.Inference;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Tests.Chat;

/// <summary>Conversation history at rest: encrypted, bound to its user, kept across restarts, bounded.</summary>
public sealed class ConversationStoreTests : IDisposable
{
    private const string Marker = "plaintext-marker-5e1f0c";
    private const string ConversationId = "conv-0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Time = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _folder = new();
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly RecordingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public ConversationStoreTests() => _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));

    public void Dispose()
    {
        _loggerFactory.Dispose();
        _folder.Dispose();
    }

    private string DatabasePath => _folder.File("chat.db");

    private SqliteConversationStore Open(byte[]? key = null) =>
        new(DatabasePath, key ?? _key, _loggerFactory.CreateLogger<SqliteConversationStore>());

    private static ChatTurn[] Turns(string question, string answer) =>
        [new(ChatTurn.User, question, Time), new(ChatTurn.Assistant, answer, Time.AddSeconds(2))];

    [Fact]
    public async Task The_file_holds_no_plaintext_and_a_restart_reads_the_turns_back()
    {
        var question = $"Which hosts did {Marker} touch?";
        var answer = $"The stored incidents do not show {Marker}.";
        await using (var store = Open())
        {
            await store.AppendAsync(ConversationId, "alice", Turns(question, answer), TestContext.Current.CancellationToken);

            // While the store is open the new row is usually in the write-ahead log, after it closes in the database
            // file; both are read. (Whether the log still exists is not asserted: another test clearing the process's
            // SQLite connection pools closes this store's pooled connection, and SQLite then checkpoints and removes it.)
            AssertNoPlaintext(ReadFiles(DatabasePath, DatabasePath + "-wal"), question);
        }

        AssertNoPlaintext(ReadFiles(DatabasePath, DatabasePath + "-wal"), question);

        await using var restarted = Open();
        var turns = await restarted.LoadAsync(ConversationId, "alice", TestContext.Current.CancellationToken);

        Assert.Equal(Turns(question, answer), turns);
    }

    [Fact]
    public async Task Another_user_or_a_wrong_key_reads_nothing()
    {
        await using (var store = Open())
        {
            await store.AppendAsync(ConversationId, "alice", Turns(Marker, "answer"), TestContext.Current.CancellationToken);
            Assert.Empty(await store.LoadAsync(ConversationId, "mallory", TestContext.Current.CancellationToken));
        }

        await using var wrongKey = Open(RandomNumberGenerator.GetBytes(32));
        Assert.Empty(await wrongKey.LoadAsync(ConversationId, "alice", TestContext.Current.CancellationToken));

        var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("could not be decrypted", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(Marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_row_moved_to_another_user_fails_to_decrypt()
    {
        await using (var store = Open())
        {
            await store.AppendAsync(ConversationId, "alice", Turns(Marker, "answer"), TestContext.Current.CancellationToken);
        }

        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var move = connection.CreateCommand();
            move.CommandText = "UPDATE conversations SET owner = 'mallory'";
            Assert.Equal(1, await move.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }

        await using var reopened = Open();
        Assert.Empty(await reopened.LoadAsync(ConversationId, "mallory", TestContext.Current.CancellationToken));
        Assert.Empty(await reopened.LoadAsync(ConversationId, "alice", TestContext.Current.CancellationToken));
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(ConversationId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_write_uses_a_fresh_nonce()
    {
        await using var store = Open();
        var nonces = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            await store.AppendAsync(ConversationId, "alice", Turns("q", "a"), TestContext.Current.CancellationToken);
            await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT nonce FROM conversations";
            nonces.Add(Convert.ToHexString((byte[])(await read.ExecuteScalarAsync(TestContext.Current.CancellationToken))!));
        }

        Assert.Equal(5, nonces.Count);
    }

    [Fact]
    public async Task Stored_history_is_bounded_to_the_newest_turns()
    {
        IConversationStore[] stores = [Open(), new InMemoryConversationStore()];
        foreach (var store in stores)
        {
            for (var i = 0; i < 120; i++)
            {
                await store.AppendAsync(ConversationId, "alice", Turns($"question {i}", $"answer {i}"), TestContext.Current.CancellationToken);
            }

            var turns = await store.LoadAsync(ConversationId, "alice", TestContext.Current.CancellationToken);

            Assert.Equal(ConversationLimits.MaxStoredTurns, turns.Count);
            Assert.Equal("question 20", turns[0].Content);
            Assert.Equal("answer 119", turns[^1].Content);
            Assert.Empty(await store.LoadAsync(ConversationId, "bob", TestContext.Current.CancellationToken));
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Concurrent_appends_to_one_conversation_lose_no_turn()
    {
        await using var store = Open();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            store.AppendAsync(ConversationId, "alice", Turns($"q{i}", $"a{i}"), TestContext.Current.CancellationToken)));

        var turns = await store.LoadAsync(ConversationId, "alice", TestContext.Current.CancellationToken);
        Assert.Equal(16, turns.Count);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"q{i}").Order(), turns.Where(t => t.Role == ChatTurn.User).Select(t => t.Content).Order());
    }

    private static void AssertNoPlaintext(byte[] bytes, string question)
    {
        Assert.True(bytes.Length > 0);
        Assert.Equal(-1, IndexOf(bytes, Encoding.UTF8.GetBytes(Marker)));
        Assert.Equal(-1, IndexOf(bytes, Encoding.Unicode.GetBytes(Marker)));
        Assert.Equal(-1, IndexOf(bytes, Encoding.UTF8.GetBytes(question[..11])));
        Assert.Equal(-1, IndexOf(bytes, "\"content\""u8.ToArray()));
    }

    private static byte[] ReadFiles(params string[] paths)
    {
        var all = new List<byte>();
        foreach (var path in paths.Where(File.Exists))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            file.CopyTo(copy);
            all.AddRange(copy.ToArray());
        }

        return [.. all];
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
