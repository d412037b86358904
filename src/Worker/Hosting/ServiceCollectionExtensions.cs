using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Injection;
using Llama3Siem.Prompts.Iocs;
using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Prompts.Verification;
using Llama3Siem.Prompts.Templates;
using Llama3Siem.Sinks.DeadLetters;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Sinks.Elasticsearch;
using Llama3Siem.Sinks.Sqlite;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Inference;
using Llama3Siem.Worker.Inference.Engine;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Llama3Siem.Worker.Ingestion;
using Llama3Siem.Worker.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Hosting;

/// <summary>Registers Llama3Siem's parts, one area per method.</summary>
internal static class ServiceCollectionExtensions
{
    public static IServiceCollection AddLlama3SiemOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SourceOptions, SourceOptionsValidator>(configuration, SourceOptions.SectionName);
        services.AddValidatedOptions<StoreOptions, StoreOptionsValidator>(configuration, StoreOptions.SectionName);
        services.AddValidatedOptions<DeadLetterOptions, DeadLetterOptionsValidator>(configuration, DeadLetterOptions.SectionName);
        services.AddValidatedOptions<DetectionOptions, DetectionOptionsValidator>(configuration, DetectionOptions.SectionName);
        services.AddValidatedOptions<CorrelationOptions, CorrelationOptionsValidator>(configuration, CorrelationOptions.SectionName);
        services.AddValidatedOptions<BatchingOptions, BatchingOptionsValidator>(configuration, BatchingOptions.SectionName);
        services.AddValidatedOptions<LlamaOptions, LlamaOptionsValidator>(configuration, LlamaOptions.SectionName);
        services.AddValidatedOptions<TelemetryOptions, TelemetryOptionsValidator>(configuration, TelemetryOptions.SectionName);
        services.AddValidatedOptions<KafkaOptions, KafkaOptionsValidator>(configuration, KafkaOptions.SectionName);
        services.AddValidatedOptions<KnowledgeOptions, KnowledgeOptionsValidator>(configuration, KnowledgeOptions.SectionName);
        services.AddValidatedOptions<ElasticsearchStoreOptions, ElasticsearchOptionsValidator>(configuration, ElasticsearchStoreOptions.SectionName);
        return services;
    }

    public static IServiceCollection AddLlama3SiemApiOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ApiOptions, ApiOptionsValidator>(configuration, ApiOptions.SectionName);
        services.AddValidatedOptions<AuthOptions, AuthOptionsValidator>(configuration, AuthOptions.SectionName);
        return services;
    }

    /// <summary>Exports the worker's meters over OTLP when <c>Telemetry:OtlpEndpoint</c> is set.</summary>
    public static IServiceCollection AddLlama3SiemTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration.GetSection(TelemetryOptions.SectionName)[nameof(TelemetryOptions.OtlpEndpoint)];
        if (!string.IsNullOrWhiteSpace(endpoint) && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("llama3siem"))
                .WithMetrics(metrics => metrics
                    .AddMeter(InferenceEngine.MeterName)
                    .AddMeter(DeadLetterMetrics.MeterName)
                    .AddOtlpExporter(otlp => otlp.Endpoint = uri));
        }

        return services;
    }

    public static IServiceCollection AddLlama3SiemStore(this IServiceCollection services)
    {
        services.AddSingleton<IIncidentStore>(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.Kind switch
        {
            StoreKinds.Sqlite => new SqliteIncidentStore(
                sp.GetRequiredService<IOptions<StoreOptions>>().Value.Sqlite,
                sp.GetRequiredService<ILogger<SqliteIncidentStore>>()),
            StoreKinds.Elasticsearch => new ElasticsearchIncidentStore(
                sp.GetRequiredService<IOptions<ElasticsearchStoreOptions>>().Value,
                sp.GetRequiredService<ILogger<ElasticsearchIncidentStore>>()),
            var kind => throw new InvalidOperationException($"Store:Kind '{kind}' has no store."),
        });
        services.AddDeadLetterDestinations();
        return services;
    }

    public static IServiceCollection AddLlama3SiemPipeline(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new EventParser(timeProvider: sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.Path is { Length: > 0 } path
            ? ThreatKnowledge.LoadFrom(path)
            : ThreatKnowledge.BuiltIn);
        services.AddSingleton(sp => DetectionRuleSetup.Build(
            sp.GetRequiredService<IOptions<DetectionOptions>>().Value,
            sp.GetRequiredService<ThreatKnowledge>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Llama3Siem.Detection")));
        services.AddSingleton(sp =>
        {
            // The injection detector compiles its patterns on first use (about a second): start that now, on a pool
            // thread, so it overlaps with start-up and the first records rather than delaying the first incident.
            _ = Task.Run(() => InjectionDetector.Default);
            return new IncidentAnalyzer(IocExtractor.Default, sp.GetRequiredService<ThreatKnowledge>(), detection: sp.GetRequiredService<DetectionEngine>());
        });
        services.AddSingleton(sp => new EnrichmentPrompt(sp.GetRequiredService<ThreatKnowledge>()));
        services.AddSingleton(sp => new EnrichmentVerifier(sp.GetRequiredService<ThreatKnowledge>()));
        services.AddSingleton<ModelSession>();
        services.AddSingleton<DeadLetterBacklog>();
        services.AddSingleton<EnrichmentPipeline>();
        services.AddSingleton<EventSourceFactory>();
        services.AddSingleton(new SourceCompletion(StopHost: true));
        return services;
    }

    private static void AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }
}
