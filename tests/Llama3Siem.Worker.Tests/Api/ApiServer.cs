using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Worker.Cli;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Llama3Siem.Worker.Tests.Api;

/// <summary>
/// The real <c>run</c> host (Kestrel on a free loopback port) over a store seeded with the shipped samples.
/// The file source is an empty file, so the pipeline finishes at once and only the API works.
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly IHost _host;

    private ApiServer(IHost host, Uri address, TempFolder folder, string databasePath)
    {
        _host = host;
        Address = address;
        Folder = folder;
        DatabasePath = databasePath;
    }

    public Uri Address { get; }

    public TempFolder Folder { get; }

    public string DatabasePath { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>The analyst key <c>run</c> generates when no credentials are configured.</summary>
    public string GeneratedKey => File.ReadAllText(Folder.File("api-key"));

    /// <summary>
    /// The store a server started on <paramref name="folder"/> uses. A test that enriches its own events into it
    /// before the first start gets those incidents instead of the samples.
    /// </summary>
    public static string DatabaseFile(TempFolder folder) => folder.File("incidents.db");

    /// <summary>Starts a server; <paramref name="folder"/> (kept by the caller across restarts) holds the store.</summary>
    public static Task<ApiServer> StartAsync(TempFolder folder, bool seed = true, params string[] settings) =>
        StartAsync(folder, null, seed, settings);

    /// <summary>As above, with <paramref name="configureServices"/> applied after the worker's own registrations.</summary>
    public static async Task<ApiServer> StartAsync(TempFolder folder, Action<IServiceCollection>? configureServices, bool seed, params string[] settings)
    {
        var database = DatabaseFile(folder);
        if (seed && !File.Exists(database))
        {
            var (exitCode, _, error) = await CliRunner.RunAsync("enrich", "--input", RepositoryFiles.Sample("events.jsonl"), "--db", database,
                "--DeadLetters:Path=" + folder.File("seed-dead-letters.jsonl"));
            Assert.True(exitCode == 0, error);
        }

        var empty = folder.File("no-events.jsonl");
        await File.WriteAllTextAsync(empty, "");
        string[] defaults =
        [
            "--urls=http://127.0.0.1:0",
            "--Source:File:Path=" + empty,
            "--Store:Sqlite:Path=" + database,
            "--DeadLetters:Path=" + folder.File("dead-letters.jsonl"),
            "--Auth:GeneratedKeyPath=" + folder.File("api-key"),
            "--Logging:LogLevel:Default=Warning",
            "--Reports:StorePath=" + folder.File("reports.db"),
            "--Reports:OutputFolder=" + folder.File("reports"),
            "--Reports:JobStore:ConnectionString=Data Source=" + folder.File("scheduler.db") + ";Default Timeout=30",
        ];
        var host = RunCommand.BuildHost([.. defaults, .. settings], configureServices);
        await host.StartAsync(TestContext.Current.CancellationToken);
        var addresses = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new ApiServer(host, new Uri(addresses.Single()), folder, database);
    }

    /// <summary>The server's incident store, initialised before the server accepted its first request.</summary>
    public IIncidentStore Store => Services.GetRequiredService<IIncidentStore>();

    /// <summary>
    /// A client of the server; with <paramref name="from"/> (another loopback address, such as 127.0.0.2) its
    /// connections come from that address, so the server sees a different client.
    /// </summary>
    public HttpClient Client(string? bearer = null, IPAddress? from = null)
    {
        var handler = new SocketsHttpHandler();
        if (from is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(from.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        var client = new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>GETs <paramref name="path"/> and asserts the status; the caller disposes the response.</summary>
    public static async Task<HttpResponseMessage> ExpectAsync(HttpClient client, HttpStatusCode status, string path = "/api/incidents?limit=1")
    {
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(status, response.StatusCode);
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(30));
        ((IDisposable)_host).Dispose();
    }
}
