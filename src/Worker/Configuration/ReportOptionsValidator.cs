using Microsoft.Extensions.Options;
using Quartz;

namespace Llama3Siem.Worker.Configuration;

internal sealed class ReportOptionsValidator : IValidateOptions<ReportOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportOptions options)
    {
        var errors = new SettingErrors();
        if (!options.Enabled)
        {
            return errors.Result();
        }

        const string Section = ReportOptions.SectionName;
        errors.Require(!string.IsNullOrWhiteSpace(options.OutputFolder), $"{Section}:OutputFolder", "must be a folder path.");
        errors.Require(!string.IsNullOrWhiteSpace(options.StorePath), $"{Section}:StorePath", "must be a database file path.");
        errors.Require(options.MisfireThreshold >= TimeSpan.FromSeconds(1) && options.MisfireThreshold <= TimeSpan.FromDays(1),
            $"{Section}:MisfireThreshold", $"must be between 00:00:01 and 1.00:00:00 (got {options.MisfireThreshold}).");
        errors.Require(options.RetryDelay >= TimeSpan.FromSeconds(1) && options.RetryDelay <= TimeSpan.FromDays(1),
            $"{Section}:RetryDelay", $"must be between 00:00:01 and 1.00:00:00 (got {options.RetryDelay}).");
        errors.Require(options.RetryAttempts is >= 0 and <= 20, $"{Section}:RetryAttempts", $"must be between 0 and 20 (got {options.RetryAttempts}).");
        errors.Require(options.ClaimLease >= TimeSpan.FromSeconds(1) && options.ClaimLease <= TimeSpan.FromDays(1),
            $"{Section}:ClaimLease", $"must be between 00:00:01 and 1.00:00:00 (got {options.ClaimLease}).");

        foreach (var (schedule, s) in options.Schedules)
        {
            var key = $"{Section}:Schedules:{schedule}";
            errors.Require(IsScheduleName(schedule), key, "is not a usable schedule name: use letters, digits, '-' and '_' (it names files and report ids).");
            if (!s.Enabled)
            {
                continue;
            }

            errors.Require(CronExpression.TryParse(s.Cron ?? "", out _), $"{key}:Cron", $"is not a valid Quartz cron expression (got '{s.Cron}').");
            errors.Require(TryFindTimeZone(s.TimeZone, out _), $"{key}:TimeZone", $"is not a known time zone: use an IANA id such as Europe/Berlin, or UTC (got '{s.TimeZone}').");
            errors.Require(s.Window > TimeSpan.Zero && s.Window <= TimeSpan.FromDays(366), $"{key}:Window", $"must be longer than 0 and at most 366.00:00:00 (got {s.Window}).");
            errors.Require(s.Audience is ReportAudiences.Executive or ReportAudiences.Analyst, $"{key}:Audience", $"must be '{ReportAudiences.Executive}' or '{ReportAudiences.Analyst}' (got '{s.Audience}').");
            foreach (var format in s.Formats)
            {
                errors.Require(ReportFormats.All.Contains(format), $"{key}:Formats", $"may hold md, html and json (got '{format}').");
            }
        }

        var store = options.JobStore;
        errors.Require(store.Kind is ReportJobStoreKinds.Sqlite or ReportJobStoreKinds.Ado, $"{Section}:JobStore:Kind", $"must be '{ReportJobStoreKinds.Sqlite}' or '{ReportJobStoreKinds.Ado}' (got '{store.Kind}').");
        errors.Require(!string.IsNullOrWhiteSpace(store.ConnectionString), $"{Section}:JobStore:ConnectionString", "must not be empty.");
        errors.Require(!string.IsNullOrWhiteSpace(store.TablePrefix) && store.TablePrefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.'),
            $"{Section}:JobStore:TablePrefix", $"must be letters, digits, '_' or '.' (got '{store.TablePrefix}').");
        errors.Require(!string.IsNullOrWhiteSpace(store.InstanceId), $"{Section}:JobStore:InstanceId", "must be AUTO or a name unique among the workers sharing the job store.");
        if (store.Kind == ReportJobStoreKinds.Ado)
        {
            errors.Require(!string.IsNullOrWhiteSpace(store.Provider), $"{Section}:JobStore:Provider", "must name Quartz's ADO.NET provider when Kind is 'ado' (e.g. Npgsql, SqlServer).");
            errors.Require(store.CreateTables != true || store.Provider == ReportJobStoreKinds.PostgresProvider, $"{Section}:JobStore:CreateTables",
                $"can be true with Kind 'ado' only for Provider '{ReportJobStoreKinds.PostgresProvider}'; create the tables for '{store.Provider}' with Quartz's script for that database (docs/reports.md).");
        }
        else
        {
            errors.Require(store.Provider is null || store.Provider == ReportJobStoreKinds.SqliteProvider, $"{Section}:JobStore:Provider", $"must be empty or '{ReportJobStoreKinds.SqliteProvider}' when Kind is 'sqlite' (got '{store.Provider}').");
            errors.Require(store.Clustered != true, $"{Section}:JobStore:Clustered",
                "cannot be true when Kind is 'sqlite': Quartz refuses to cluster on SQLite. Use Kind 'ado' with a server database for replicas on several hosts (docs/reports.md).");
        }

        return errors.Result();
    }

    internal static bool TryFindTimeZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        if (string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found))
        {
            zone = found;
            return true;
        }

        return false;
    }

    private static bool IsScheduleName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
