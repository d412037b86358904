using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Llama3Siem.Worker.Reports.Scheduling;
using Npgsql;

namespace Llama3Siem.Worker.Tests.Reports;

/// <summary>
/// A real PostgreSQL server for the test class that uses it as a class fixture: a throw-away cluster made with
/// the installed binaries (<c>initdb</c> into a temp folder, <c>pg_ctl start</c> on a free port of 127.0.0.1 with
/// trust authentication, stopped and deleted afterwards; well under a second to start), or the server that
/// <c>POSTGRES_CONNECTION_STRING</c> names, left running. Each test gets a database of its own with Quartz's
/// tables. Tests that touch it are skipped, not failed, where neither is available.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>Points the tests at an existing server (a role allowed to create databases) instead of starting one.</summary>
    public const string ConnectionStringVariable = "POSTGRES_CONNECTION_STRING";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly List<string> _databases = [];
    private string? _folder;
    private string? _bin;
    private bool _asPostgresUser;
    private string? _adminConnectionString;
    private string? _unavailableReason;

    /// <summary>From <c>initdb</c> to a server that accepts connections; zero for an external server.</summary>
    public TimeSpan StartupTime { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            _adminConnectionString = external.Trim();
            return;
        }

        _bin = FindBinaries();
        if (_bin is null)
        {
            _unavailableReason = "PostgreSQL's initdb and pg_ctl were found neither by `pg_config --bindir` nor under " +
                $"/usr/lib/postgresql/*/bin (install Debian's postgresql), and {ConnectionStringVariable} is not set.";
            return;
        }

        _asPostgresUser = Environment.IsPrivilegedProcess;
        if (_asPostgresUser && !File.ReadLines("/etc/passwd").Any(line => line.StartsWith("postgres:", StringComparison.Ordinal)))
        {
            _unavailableReason = "The tests run as root and there is no postgres account to run PostgreSQL as " +
                $"(PostgreSQL refuses root); run them as another user, or set {ConnectionStringVariable}.";
            return;
        }

        var started = Stopwatch.StartNew();
        _folder = Path.Combine(Path.GetTempPath(), "l3s-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        if (_asPostgresUser)
        {
            await RunAsync("chown", ["postgres", _folder]);
        }

        var data = Path.Combine(_folder, "data");
        await RunAsServerUserAsync(Path.Combine(_bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync");
        var port = FreePort();
        // fsync off: the cluster is thrown away, and durability is not what these tests are about.
        var serverOptions = $"-c listen_addresses=127.0.0.1 -p {port} -k {_folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        await RunAsServerUserAsync(Path.Combine(_bin, "pg_ctl"), "-D", data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "30", "-o", serverOptions, "start");
        _adminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        StartupTime = started.Elapsed;
    }

    /// <summary>
    /// A new database, with Quartz's tables (the worker's own script, default prefix) unless
    /// <paramref name="withQuartzTables"/> is false, and the connection string that reaches it. Skips the calling
    /// test when no server could be had.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(bool withQuartzTables = true)
    {
        if (_unavailableReason is not null)
        {
            Assert.Skip(_unavailableReason);
        }

        var name = "l3s_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(_adminConnectionString))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            // A database name cannot be a parameter; this one is made above from a GUID.
#pragma warning disable CA2100
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
#pragma warning restore CA2100
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        lock (_databases)
        {
            _databases.Add(name);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
        if (!withQuartzTables)
        {
            return connectionString;
        }

        await QuartzPostgresSchema.CreateIfMissingAsync(connectionString, QuartzPostgresSchema.DefaultTablePrefix, TestContext.Current.CancellationToken);
        return connectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_folder is null)
        {
            await DropDatabasesAsync();
            return;
        }

        try
        {
            if (Directory.Exists(Path.Combine(_folder, "data", "global")))
            {
                await RunAsServerUserAsync(Path.Combine(_bin!, "pg_ctl"), "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop");
            }
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    // On a server of somebody else's, leave nothing behind; a cluster of our own is deleted whole.
    private async Task DropDatabasesAsync()
    {
        if (_adminConnectionString is null || _databases.Count == 0)
        {
            return;
        }

        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync();
        foreach (var name in _databases)
        {
#pragma warning disable CA2100 // made by CreateDatabaseAsync from a GUID
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
#pragma warning restore CA2100
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static string? FindBinaries()
    {
        static bool HasServer(string folder) => File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));

        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            using var pgConfig = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true });
            var bindir = pgConfig?.StandardOutput.ReadToEnd().Trim();
            pgConfig?.WaitForExit();
            if (pgConfig?.ExitCode == 0 && !string.IsNullOrEmpty(bindir) && HasServer(bindir))
            {
                return bindir;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No pg_config on PATH (Debian ships it with libpq-dev or postgresql-server-dev): look in the usual place.
        }

        const string Debian = "/usr/lib/postgresql";
        return Directory.Exists(Debian)
            ? Directory.GetDirectories(Debian)
                .Select(version => Path.Combine(version, "bin"))
                .Where(HasServer)
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : 0)
                .FirstOrDefault()
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // PostgreSQL refuses to run as root, so a root test run runs its programs as the postgres account.
    private Task RunAsServerUserAsync(string program, params string[] arguments) =>
        _asPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task RunAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        using var timeout = new CancellationTokenSource(CommandTimeout);
        // pg_ctl's server writes to its own log file (-l), so these pipes close when pg_ctl exits.
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', arguments.Prepend(program))} failed ({process.ExitCode}): {await errors}{await output}");
        }
    }
}
