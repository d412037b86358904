using Llama3Siem.Sinks.Elasticsearch;
using Llama3Siem.Sinks.Reports;
using Llama3Siem.Worker.Hosting;
using Llama3Siem.Worker.Reports.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Tests.Reports;

/// <summary>The worker host keeps reports where it keeps incidents: <c>Store:Kind</c> picks the report store too.</summary>
public sealed class ReportStoreRegistrationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<T> ResolveAsync<T>(string[] settings, Func<IServiceProvider, T> resolve)
    {
        var builder = WorkerHost.CreateBuilder([.. settings, "--Logging:LogLevel:Default=Warning"]);
        builder.Services.AddLlama3SiemReports(builder.Configuration);
        var host = builder.Build();
        await using var disposal = (IAsyncDisposable)host;
        return resolve(host.Services);
    }

    [Fact]
    public async Task An_elasticsearch_incident_store_brings_the_elasticsearch_report_store_with_its_prefix()
    {
        var alias = await ResolveAsync(
            ["--Store:Kind=elasticsearch", "--Elasticsearch:Url=http://127.0.0.1:9", "--Elasticsearch:IndexPrefix=soc-east"],
            services => Assert.IsType<ElasticsearchReportStore>(services.GetRequiredService<IReportStore>()).Alias);

        Assert.Equal("soc-east-reports", alias);
    }

    [Fact]
    public async Task The_sqlite_incident_store_keeps_reports_in_their_own_sqlite_file()
    {
        var path = await ResolveAsync(
            ["--Store:Kind=sqlite", "--Store:Sqlite:Path=" + _folder.File("incidents.db"), "--Reports:StorePath=" + _folder.File("reports.db")],
            services => Assert.IsType<SqliteReportStore>(services.GetRequiredService<IReportStore>()).DatabasePath);

        Assert.Equal(_folder.File("reports.db"), path);
    }

    [Fact]
    public async Task An_elasticsearch_store_without_a_cluster_address_is_refused_naming_the_setting()
    {
        var error = await ResolveAsync(
            ["--Store:Kind=elasticsearch"],
            services => Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IReportStore>()));

        Assert.Contains(error.Failures, f => f.StartsWith("Elasticsearch:Url", StringComparison.Ordinal));
    }
}
