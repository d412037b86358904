using Llama3Siem.Sinks.Elasticsearch;
using Llama3Siem.Sinks.Reports;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Inference;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Llama3Siem.Worker.Reports.Scheduling;

/// <summary>Registers scheduled threat reports: options, the report store and, when enabled, Quartz.</summary>
internal static class ReportSchedulingServiceCollectionExtensions
{
    /// <summary>The Quartz scheduler's name: every worker sharing a job store uses it.</summary>
    public const string SchedulerName = "llama3siem-reports";

    /// <summary>
    /// Registers <see cref="ReportOptions"/> (validated on start), <see cref="IReportStore"/> and, when
    /// <c>Reports:Enabled</c>, the Quartz scheduler on its ADO.NET job store with a hosted service that creates
    /// the tables, registers the schedules and starts it. Needs <c>IIncidentStore</c>, <c>ThreatKnowledge</c>
    /// and (optionally) <c>ModelSession</c> from the worker's other registrations.
    /// </summary>
    public static IServiceCollection AddLlama3SiemReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLlama3SiemReportStore(configuration);
        var section = configuration.GetSection(ReportOptions.SectionName);
        var settings = section.Get<ReportOptions>() ?? new ReportOptions();
        if (!settings.Enabled)
        {
            return services;
        }

        services.TryAddSingleton(sp =>
        {
            var session = sp.GetService<ModelSession>();
            return new ReportNarrator(
                () => session?.Model,
                session?.Sampling ?? new SamplingSettings(),
                sp.GetRequiredService<ILogger<ReportNarrator>>());
        });
        services.AddTransient<ScheduledReportProducer>();
        services.AddTransient<ReportJob>();

        // Before Quartz's hosted service: hosted services start in registration order.
        services.AddHostedService<ReportScheduleRegistrar>();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = SchedulerName;
                if (string.Equals(settings.JobStore.InstanceId, "AUTO", StringComparison.OrdinalIgnoreCase))
                {
                    scheduler.GenerateInstanceId = true;
                }
                else
                {
                    scheduler.InstanceId = settings.JobStore.InstanceId;
                }
            });
            quartz.UsePersistentStore(store =>
            {
                UseDatabase(store, settings.JobStore);
                store.ConfigureStore(ado =>
                {
                    ado.TablePrefix = settings.JobStore.TablePrefix;
                    ado.MisfireThreshold = settings.MisfireThreshold;
                    // The tables are ours to create (SQLite, PostgreSQL on request) or the operator's: Quartz checks them.
                    ado.SchemaProvisioning = SchemaProvisioning.Validate;
                });
                store.UseSerializer<Quartz.Impl.SystemTextJsonObjectSerializer>();
                if (settings.JobStore.IsClustered)
                {
                    store.UseClustering(_ => { });
                }
            });
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>
    /// Registers <see cref="ReportOptions"/> (validated on start) and <see cref="IReportStore"/> only, for commands
    /// that read reports without producing them (<c>chat</c>); <see cref="AddLlama3SiemReports"/> calls it, so a
    /// host calls one of the two. A store registered before is kept. The store follows <c>Store:Kind</c>:
    /// <see cref="ElasticsearchReportStore"/> (section <c>Elasticsearch</c>) for <c>elasticsearch</c>, else
    /// <see cref="SqliteReportStore"/> at <c>Reports:StorePath</c>.
    /// </summary>
    public static IServiceCollection AddLlama3SiemReportStore(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ReportOptions.SectionName);
        services.AddOptions<ReportOptions>().Bind(section).PostConfigure(WithDefaultSchedules).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportOptions>, ReportOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IReportStore>(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.Kind switch
        {
            // Reports live next to the incidents, so that replicas on several hosts share one report store.
            StoreKinds.Elasticsearch => new ElasticsearchReportStore(
                sp.GetRequiredService<IOptions<ElasticsearchStoreOptions>>().Value,
                sp.GetService<ILogger<ElasticsearchReportStore>>()),
            _ => new SqliteReportStore(sp.GetRequiredService<IOptions<ReportOptions>>().Value.StorePath),
        });
        return services;
    }

    private static void WithDefaultSchedules(ReportOptions options)
    {
        if (options.Schedules.Count == 0)
        {
            options.Schedules = ReportOptions.DefaultSchedules();
        }
    }

    private static void UseDatabase(IPersistentStoreBuilder store, ReportJobStoreOptions options)
    {
        var connection = options.ConnectionString;
        switch (options.Kind == ReportJobStoreKinds.Sqlite ? ReportJobStoreKinds.SqliteProvider : options.Provider)
        {
            case ReportJobStoreKinds.SqliteProvider:
                store.UseSqlite(connection);
                break;
            case ReportJobStoreKinds.PostgresProvider:
                store.UsePostgres(connection);
                break;
            case "SqlServer":
                store.UseSqlServer(connection);
                break;
            case "MySql":
                store.UseMySql(connection);
                break;
            case "MySqlConnector":
                store.UseMySqlConnector(connection);
                break;
            case "OracleODPManaged":
                store.UseOracle(connection);
                break;
            case "Firebird":
                store.UseFirebird(connection);
                break;
            case var provider:
                store.UseGenericDatabase(provider!, connection);
                break;
        }
    }
}
