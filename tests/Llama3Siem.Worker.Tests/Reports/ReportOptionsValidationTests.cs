using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Reports.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Tests.Reports;

/// <summary>Bad report settings fail at start with a message naming the setting.</summary>
public sealed class ReportOptionsValidationTests
{
    private static ReportOptions Resolve(Dictionary<string, string?> settings, out IReadOnlyList<string> errors)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLlama3SiemReports(configuration).BuildServiceProvider();
        try
        {
            errors = [];
            return services.GetRequiredService<IOptions<ReportOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            errors = ex.Failures.ToList();
            return new ReportOptions();
        }
    }

    [Fact]
    public void Without_configured_schedules_the_daily_and_hourly_defaults_apply_and_are_valid()
    {
        var options = Resolve([], out var errors);

        Assert.Empty(errors);
        Assert.Equal(["daily", "hourly"], options.Schedules.Keys.Order());
        Assert.Equal(("0 0 6 * * ?", TimeSpan.FromDays(1), "executive"), (options.Schedules["daily"].Cron, options.Schedules["daily"].Window, options.Schedules["daily"].Audience));
        Assert.Equal(["md", "html"], options.Schedules["daily"].Formats);
        Assert.Equal(("0 5 * * * ?", TimeSpan.FromHours(1), "analyst"), (options.Schedules["hourly"].Cron, options.Schedules["hourly"].Window, options.Schedules["hourly"].Audience));
        Assert.Equal(["json"], options.Schedules["hourly"].Formats);
        Assert.False(options.JobStore.IsClustered);
    }

    [Fact]
    public void The_shipped_appsettings_reports_section_is_valid()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryFiles.Root(), "src", "Worker", "appsettings.json")).Build();
        using var services = new ServiceCollection().AddLlama3SiemReports(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<ReportOptions>>().Value;

        Assert.Equal(["daily", "hourly"], options.Schedules.Keys.Order());
        Assert.Equal(["md", "html"], options.Schedules["daily"].Formats);
    }

    [Fact]
    public void Bad_cron_time_zone_window_audience_and_format_are_each_named()
    {
        Resolve(new()
        {
            ["Reports:Schedules:daily:Cron"] = "0 0 25 * * ?",
            ["Reports:Schedules:daily:TimeZone"] = "Mars/Olympus_Mons",
            ["Reports:Schedules:daily:Window"] = "00:00:00",
            ["Reports:Schedules:daily:Audience"] = "board",
            ["Reports:Schedules:daily:Formats:0"] = "pdf",
        }, out var errors);

        Assert.Contains("Reports:Schedules:daily:Cron is not a valid Quartz cron expression (got '0 0 25 * * ?').", errors);
        Assert.Contains("Reports:Schedules:daily:TimeZone is not a known time zone: use an IANA id such as Europe/Berlin, or UTC (got 'Mars/Olympus_Mons').", errors);
        Assert.Contains("Reports:Schedules:daily:Window must be longer than 0 and at most 366.00:00:00 (got 00:00:00).", errors);
        Assert.Contains("Reports:Schedules:daily:Audience must be 'executive' or 'analyst' (got 'board').", errors);
        Assert.Contains("Reports:Schedules:daily:Formats may hold md, html and json (got 'pdf').", errors);
    }

    [Fact]
    public void An_iana_time_zone_is_accepted_and_a_disabled_schedule_is_not_checked()
    {
        Resolve(new()
        {
            ["Reports:Schedules:daily:Cron"] = "0 0 6 ? * MON-FRI",
            ["Reports:Schedules:daily:TimeZone"] = "Europe/Berlin",
            ["Reports:Schedules:old:Cron"] = "never",
            ["Reports:Schedules:old:Enabled"] = "false",
        }, out var errors);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("Reports:RetryDelay", "00:00:00")]
    [InlineData("Reports:RetryDelay", "2.00:00:00")]
    [InlineData("Reports:RetryAttempts", "-1")]
    [InlineData("Reports:RetryAttempts", "21")]
    [InlineData("Reports:ClaimLease", "00:00:00.500")]
    [InlineData("Reports:ClaimLease", "1.00:00:01")]
    public void Retry_settings_out_of_range_are_named(string setting, string value)
    {
        Resolve(new() { [setting] = value }, out var errors);

        Assert.StartsWith(setting + " must be between", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Retries_default_to_five_from_one_minute_after_a_fifteen_minute_lease_and_can_be_switched_off()
    {
        var defaults = Resolve([], out _);
        var off = Resolve(new() { ["Reports:RetryAttempts"] = "0" }, out var errors);

        Assert.Equal((TimeSpan.FromMinutes(1), 5, TimeSpan.FromMinutes(15)), (defaults.RetryDelay, defaults.RetryAttempts, defaults.ClaimLease));
        Assert.Empty(errors);
        Assert.Equal(0, off.RetryAttempts);
    }

    [Fact]
    public void Clustering_on_sqlite_is_refused_and_ado_needs_a_provider()
    {
        Resolve(new() { ["Reports:JobStore:Clustered"] = "true" }, out var sqliteErrors);
        Resolve(new() { ["Reports:JobStore:Kind"] = "ado" }, out var adoErrors);
        Resolve(new() { ["Reports:JobStore:Kind"] = "ado", ["Reports:JobStore:Provider"] = "Npgsql" }, out var postgresErrors);

        Assert.StartsWith("Reports:JobStore:Clustered cannot be true when Kind is 'sqlite'", Assert.Single(sqliteErrors), StringComparison.Ordinal);
        Assert.StartsWith("Reports:JobStore:Provider must name Quartz's ADO.NET provider", Assert.Single(adoErrors), StringComparison.Ordinal);
        Assert.Empty(postgresErrors);
    }

    [Fact]
    public void Tables_are_created_for_sqlite_by_default_and_for_ado_only_on_request_and_only_on_postgresql()
    {
        var sqlite = Resolve([], out _);
        var postgres = Resolve(new() { ["Reports:JobStore:Kind"] = "ado", ["Reports:JobStore:Provider"] = "Npgsql" }, out _);
        var postgresCreating = Resolve(new() { ["Reports:JobStore:Kind"] = "ado", ["Reports:JobStore:Provider"] = "Npgsql", ["Reports:JobStore:CreateTables"] = "true" }, out var postgresErrors);
        Resolve(new() { ["Reports:JobStore:Kind"] = "ado", ["Reports:JobStore:Provider"] = "SqlServer", ["Reports:JobStore:CreateTables"] = "true" }, out var sqlServerErrors);

        Assert.Equal((true, false, true), (sqlite.JobStore.CreatesTables, postgres.JobStore.CreatesTables, postgresCreating.JobStore.CreatesTables));
        Assert.Empty(postgresErrors);
        Assert.StartsWith("Reports:JobStore:CreateTables can be true with Kind 'ado' only for Provider 'Npgsql'", Assert.Single(sqlServerErrors), StringComparison.Ordinal);
    }

    [Fact]
    public void Disabled_reports_register_the_store_but_no_scheduler()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Reports:Enabled"] = "false" }).Build();
        var services = new ServiceCollection().AddLlama3SiemReports(configuration);

        Assert.Contains(services, s => s.ServiceType == typeof(Llama3Siem.Sinks.Reports.IReportStore));
        Assert.DoesNotContain(services, s => s.ServiceType == typeof(Quartz.ISchedulerFactory));
    }
}
