using Npgsql;

namespace Llama3Siem.Worker.Reports.Scheduling;

/// <summary>
/// Quartz 4.7.3's job-store tables for PostgreSQL: the script an operator runs (<c>deploy/quartz/postgresql.sql</c>,
/// for the default prefix) and what the worker runs itself, with the configured prefix, when
/// <c>Reports:JobStore:CreateTables=true</c>. Table and column names are Quartz's protocol (its ADO.NET store
/// issues unquoted SQL against exactly these, which PostgreSQL folds to lower case); the types are the ones
/// Quartz's PostgreSQL delegate binds: <c>bigint</c> ticks, <c>bool</c> flags, <c>bytea</c> payloads.
/// Quartz validates the tables at start, so an older or foreign schema is refused rather than half-used.
/// </summary>
/// <remarks>
/// Every statement is <c>IF NOT EXISTS</c>, so the script is safe to run again and never drops anything.
/// <c>CREATE TABLE IF NOT EXISTS</c> is not safe against a concurrent twin in PostgreSQL (both may pass the
/// check and one then fails on the catalog's unique index), so the worker takes a transaction-scoped advisory
/// lock first: replicas starting together create the tables one after the other, and the later one finds them.
/// </remarks>
internal static class QuartzPostgresSchema
{
    /// <summary>The prefix of the shipped script, Quartz's default.</summary>
    public const string DefaultTablePrefix = "QRTZ_";

    // Any constant both replicas agree on; it only has to differ from other advisory locks in the same database.
    private const long CreateTablesLock = 0x4C33_5351_5254_5A00; // "L3SQRTZ\0"

    private const string ScriptResource = "Llama3Siem.Worker.Reports.Scheduling.postgresql.sql";

    // Index names start with this and get the prefix without its schema: PostgreSQL creates an index in its table's
    // schema and does not accept a qualified index name.
    private const string IndexPrefix = "IDX_" + DefaultTablePrefix;

    private static readonly Lazy<string> Shipped = new(() =>
    {
        using var stream = typeof(QuartzPostgresSchema).Assembly.GetManifestResourceStream(ScriptResource)
            ?? throw new InvalidOperationException($"The embedded resource {ScriptResource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    });

    /// <summary>
    /// The shipped script (<c>deploy/quartz/postgresql.sql</c>, embedded in the assembly: the one file operators read
    /// and the worker runs), with <paramref name="tablePrefix"/> (validated configuration: letters, digits, '_' and
    /// '.') in place of the default.
    /// </summary>
    public static string For(string tablePrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(tablePrefix);
        var unqualified = tablePrefix[(tablePrefix.LastIndexOf('.') + 1)..];
        const string IndexMarker = "\u0001";
        return Shipped.Value
            .Replace(IndexPrefix, IndexMarker, StringComparison.Ordinal)
            .Replace(DefaultTablePrefix, tablePrefix, StringComparison.Ordinal)
            .Replace(IndexMarker, "IDX_" + unqualified, StringComparison.Ordinal);
    }

    /// <summary>Creates the tables missing from the database, in one transaction, one creator at a time.</summary>
    public static async Task CreateIfMissingAsync(string connectionString, string tablePrefix, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var serialise = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            serialise.Parameters.AddWithValue("key", CreateTablesLock);
            await serialise.ExecuteNonQueryAsync(cancellationToken);
        }

        // The prefix is validated configuration: identifiers take no parameters.
#pragma warning disable CA2100
        await using (var create = new NpgsqlCommand(For(tablePrefix), connection, transaction))
#pragma warning restore CA2100
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
