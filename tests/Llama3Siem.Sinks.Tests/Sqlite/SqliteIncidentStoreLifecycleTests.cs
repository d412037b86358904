using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Iocs;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Sinks.Sqlite;
using Llama3Siem.Sinks.Tests.Support;
using static Llama3Siem.Sinks.Tests.Support.IncidentBuilder;

namespace Llama3Siem.Sinks.Tests.Sqlite;

public sealed class SqliteIncidentStoreLifecycleTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Initialize_creates_missing_folders_and_a_wal_database()
    {
        var path = _directory.File("nested", "deeper", "store.db");

        await using var store = await StoreFile.OpenAsync(path);

        Assert.True(File.Exists(path));
        Assert.Equal(path, store.DatabasePath);
        Assert.Equal("wal", await StoreFile.ScalarAsync(path, "PRAGMA journal_mode"));
        Assert.Equal((long)SqliteSchema.CurrentVersion, await StoreFile.ScalarAsync(path, "PRAGMA user_version"));
    }

    [Fact]
    public async Task Default_path_is_under_the_data_folder()
    {
        Assert.Equal(".data/llama3siem.db", new SqliteStoreOptions().Path);
        await using var store = new SqliteIncidentStore(new SqliteStoreOptions());

        Assert.Equal(Path.GetFullPath(".data/llama3siem.db"), store.DatabasePath);
    }

    [Fact]
    public async Task Initialize_twice_keeps_the_data()
    {
        await using var store = await StoreFile.OpenAsync(_directory.File("twice.db"));
        await store.UpsertAsync([Incident("inc-1").WithSummary("kept across initialisation").Build()], Cancel);

        await store.InitializeAsync(Cancel);
        await store.InitializeAsync(Cancel);

        Assert.Equal(1, await store.CountAsync(Cancel));
        Assert.Single(await store.SearchAsync(new IncidentQuery("initialisation"), Cancel));
    }

    [Fact]
    public async Task Reopened_file_keeps_documents_and_text_index()
    {
        var path = _directory.File("reopen.db");
        var incident = Incident("inc-1").WithIoc(IocType.Domain, "kept.example.com").WithHost("ws-9").Build();
        await using (var first = await StoreFile.OpenAsync(path))
        {
            await first.UpsertAsync([incident], Cancel);
        }

        await using var second = await StoreFile.OpenAsync(path);

        Assert.Equal(IncidentJson.Serialize(incident), IncidentJson.Serialize((await second.GetAsync("inc-1", Cancel))!));
        Assert.Equal(["inc-1"], (await second.SearchAsync(new IncidentQuery("kept.example.com"), Cancel)).Select(found => found.Id));
        Assert.Equal(new UpsertResult(0, 0, 1), await second.UpsertAsync([incident], Cancel));
    }

    [Fact]
    public async Task File_from_a_newer_build_is_refused()
    {
        var path = _directory.File("future.db");
        await using (await StoreFile.OpenAsync(path))
        {
        }

        await StoreFile.ScalarAsync(path, $"PRAGMA user_version = {SqliteSchema.CurrentVersion + 1}");
        await using var store = new SqliteIncidentStore(new SqliteStoreOptions { Path = path });

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync(Cancel));
    }

    [Fact]
    public async Task Store_refuses_work_before_initialize()
    {
        await using var store = new SqliteIncidentStore(new SqliteStoreOptions { Path = _directory.File("cold.db") });

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpsertAsync([Incident("inc-1").Build()], Cancel));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.SearchAsync(new IncidentQuery(), Cancel));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CountAsync(Cancel));
        Assert.False(File.Exists(_directory.File("cold.db")));
    }

    [Fact]
    public async Task Store_refuses_work_after_dispose()
    {
        var store = await StoreFile.OpenAsync(_directory.File("disposed.db"));
        await store.DisposeAsync();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CountAsync(Cancel));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.InitializeAsync(Cancel));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Empty_path_is_rejected(string path)
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteIncidentStore(new SqliteStoreOptions { Path = path }));

        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public async Task Concurrent_upserts_and_searches_from_eight_tasks_all_land()
    {
        const int Tasks = 8;
        const int BatchesPerTask = 10;
        const int IncidentsPerBatch = 5;
        await using var store = await StoreFile.OpenAsync(_directory.File("concurrent.db"));

        var results = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(task => Task.Run(async () =>
        {
            var total = UpsertResult.Empty;
            for (var batch = 0; batch < BatchesPerTask; batch++)
            {
                var incidents = Enumerable.Range(0, IncidentsPerBatch)
                    .Select(item => Incident($"t{task}-b{batch}-i{item}")
                        .WithHost($"host-{task}")
                        .WithSummary($"writer{task} batch{batch}")
                        .Build())
                    .ToList();
                total = total.Add(await store.UpsertAsync(incidents, Cancel));
                await store.SearchAsync(new IncidentQuery($"host-{task}", Limit: 5), Cancel);
            }

            return total;
        }, Cancel)));

        Assert.All(results, result => Assert.Equal(new UpsertResult(BatchesPerTask * IncidentsPerBatch, 0, 0), result));
        Assert.Equal(Tasks * BatchesPerTask * IncidentsPerBatch, await store.CountAsync(Cancel));
        for (var task = 0; task < Tasks; task++)
        {
            var found = await store.SearchAsync(new IncidentQuery($"writer{task}", Limit: 1000), Cancel);
            Assert.Equal(BatchesPerTask * IncidentsPerBatch, found.Count);
        }
    }
}
