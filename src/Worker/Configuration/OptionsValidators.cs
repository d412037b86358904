using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Configuration;

internal sealed class SourceOptionsValidator : IValidateOptions<SourceOptions>
{
    public ValidateOptionsResult Validate(string? name, SourceOptions options)
    {
        var errors = new SettingErrors();
        errors.Require(options.Kind is SourceKinds.File or SourceKinds.Kafka, "Source:Kind", $"must be '{SourceKinds.File}' or '{SourceKinds.Kafka}' (got '{options.Kind}').");
        if (options.Kind == SourceKinds.File)
        {
            errors.Require(!string.IsNullOrWhiteSpace(options.File.Path), "Source:File:Path", "must name a file of JSON lines, or '-' for standard input.");
        }

        return errors.Result();
    }
}

internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        var errors = new SettingErrors();
        errors.Require(options.Kind == StoreKinds.Sqlite, "Store:Kind", $"must be '{StoreKinds.Sqlite}' (got '{options.Kind}').");
        if (options.Kind == StoreKinds.Sqlite)
        {
            errors.Require(!string.IsNullOrWhiteSpace(options.Sqlite.Path), "Store:Sqlite:Path", "must be a database file path.");
        }

        return errors.Result();
    }
}

internal sealed class DeadLetterOptionsValidator : IValidateOptions<DeadLetterOptions>
{
    public ValidateOptionsResult Validate(string? name, DeadLetterOptions options)
    {
        var errors = new SettingErrors();
        errors.Require(!string.IsNullOrWhiteSpace(options.Path), "DeadLetters:Path", "must be a file path.");
        return errors.Result();
    }
}

internal sealed class CorrelationOptionsValidator : IValidateOptions<CorrelationOptions>
{
    public ValidateOptionsResult Validate(string? name, CorrelationOptions options)
    {
        var errors = new SettingErrors();
        errors.Require(options.Window >= TimeSpan.FromSeconds(1) && options.Window <= TimeSpan.FromDays(7),
            "Correlation:Window", $"must be between 00:00:01 and 7.00:00:00 (got {options.Window}).");
        errors.Require(options.IdleTimeout >= TimeSpan.FromSeconds(1) && options.IdleTimeout <= TimeSpan.FromDays(1),
            "Correlation:IdleTimeout", $"must be between 00:00:01 and 1.00:00:00 (got {options.IdleTimeout}).");
        errors.Require(options.MaxEventsPerIncident is >= 1 and <= 100_000,
            "Correlation:MaxEventsPerIncident", $"must be between 1 and 100000 (got {options.MaxEventsPerIncident}).");
        return errors.Result();
    }
}

internal sealed class BatchingOptionsValidator : IValidateOptions<BatchingOptions>
{
    public ValidateOptionsResult Validate(string? name, BatchingOptions options)
    {
        var errors = new SettingErrors();
        errors.Require(options.MaxEvents is >= 1 and <= 100_000, "Batching:MaxEvents", $"must be between 1 and 100000 (got {options.MaxEvents}).");
        errors.Require(options.MaxEventsWithoutModel is >= 1 and <= 100_000, "Batching:MaxEventsWithoutModel", $"must be between 1 and 100000 (got {options.MaxEventsWithoutModel}).");
        errors.Require(options.MaxAge >= TimeSpan.FromMilliseconds(10) && options.MaxAge <= TimeSpan.FromMinutes(10),
            "Batching:MaxAge", $"must be between 00:00:00.010 and 00:10:00 (got {options.MaxAge}).");
        errors.Require(options.MaxPromptTokens is >= 256 and <= 1_048_576,
            "Batching:MaxPromptTokens", $"must be between 256 and 1048576 (got {options.MaxPromptTokens}).");
        return errors.Result();
    }
}

internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new SettingErrors();
        errors.Require(
            string.IsNullOrWhiteSpace(options.OtlpEndpoint) || (Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"),
            "Telemetry:OtlpEndpoint", $"must be an http or https URL, or empty (got '{options.OtlpEndpoint}').");
        return errors.Result();
    }
}

internal sealed class KafkaOptionsValidator(IOptions<SourceOptions> source) : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        if (source.Value.Kind != SourceKinds.Kafka)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new SettingErrors();
        errors.Require(!string.IsNullOrWhiteSpace(options.BootstrapServers), "Kafka:BootstrapServers", "must list the brokers (host:port, comma-separated) when Source:Kind is 'kafka'.");
        errors.Require(options.Topics.Count > 0 && options.Topics.All(t => !string.IsNullOrWhiteSpace(t)), "Kafka:Topics", "must name at least one topic (Kafka:Topics:0=events).");
        errors.Require(!string.IsNullOrWhiteSpace(options.GroupId), "Kafka:GroupId", "must not be empty.");
        errors.Require(options.DeadLetterTopic is null || !options.Topics.Contains(options.DeadLetterTopic), "Kafka:DeadLetterTopic", "must not be one of Kafka:Topics (dead letters would be consumed again).");
        errors.Require(options.MaxBufferedRecords is >= 100 and <= 1_000_000, "Kafka:MaxBufferedRecords", $"must be between 100 and 1000000 (got {options.MaxBufferedRecords}).");
        errors.Require(options.ShutdownTimeout >= TimeSpan.FromSeconds(1) && options.ShutdownTimeout <= TimeSpan.FromMinutes(10), "Kafka:ShutdownTimeout", $"must be between 00:00:01 and 00:10:00 (got {options.ShutdownTimeout}).");
        foreach (var managed in new[] { "enable.auto.offset.store", "group.id", "bootstrap.servers" })
        {
            errors.Require(!options.Properties.ContainsKey(managed), $"Kafka:Properties:{managed}", "is managed by the worker (offsets are stored only after the store acknowledged); remove it.");
        }

        return errors.Result();
    }
}
