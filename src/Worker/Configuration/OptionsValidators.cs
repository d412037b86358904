using System.Globalization;
using Llama3Siem.Sinks.DeadLetters;
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
        errors.Require(options.Kind is StoreKinds.Sqlite or StoreKinds.Elasticsearch, "Store:Kind", $"must be '{StoreKinds.Sqlite}' or '{StoreKinds.Elasticsearch}' (got '{options.Kind}').");
        if (options.Kind == StoreKinds.Sqlite)
        {
            errors.Require(!string.IsNullOrWhiteSpace(options.Sqlite.Path), "Store:Sqlite:Path", "must be a database file path.");
        }

        return errors.Result();
    }
}

internal sealed class DeadLetterOptionsValidator : IValidateOptions<DeadLetterOptions>
{
    private const long MaxFileBytes = 1L << 40;

    public ValidateOptionsResult Validate(string? name, DeadLetterOptions options)
    {
        var errors = new SettingErrors();
        errors.Require(!string.IsNullOrWhiteSpace(options.Path), "DeadLetters:Path", "must be a file path.");
        errors.Require(options.MaxWait >= TimeSpan.FromSeconds(1) && options.MaxWait <= TimeSpan.FromDays(1),
            "DeadLetters:MaxWait", $"must be between 00:00:01 and 1.00:00:00 (got {options.MaxWait}).");
        errors.Require(options.MaxPending is >= 1 and <= 100_000, "DeadLetters:MaxPending", $"must be between 1 and 100000 (got {options.MaxPending}).");
        errors.Require(options.MaxFileBytes is >= DeadLetterFileLimits.MinimumFileBytes and <= MaxFileBytes,
            "DeadLetters:MaxFileBytes", $"must be between {DeadLetterFileLimits.MinimumFileBytes} and {MaxFileBytes} (got {options.MaxFileBytes}).");
        errors.Require(options.MaxFiles is >= 1 and <= 1_000, "DeadLetters:MaxFiles", $"must be between 1 and 1000 (got {options.MaxFiles}).");
        return errors.Result();
    }
}

internal sealed class DetectionOptionsValidator : IValidateOptions<DetectionOptions>
{
    public ValidateOptionsResult Validate(string? name, DetectionOptions options)
    {
        var errors = new SettingErrors();
        for (var i = 0; i < options.SigmaPaths.Count; i++)
        {
            var path = options.SigmaPaths[i];
            errors.Require(!string.IsNullOrWhiteSpace(path) && (File.Exists(path) || Directory.Exists(path)),
                $"Detection:SigmaPaths:{i}", $"must be a folder or file of Sigma rules that exists (got '{path}').");
        }

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

        // A separate dead-letter cluster is allowed; an empty value would silently mean the source's.
        errors.Require(!options.DeadLetterProperties.TryGetValue("bootstrap.servers", out var deadLetterServers) || !string.IsNullOrWhiteSpace(deadLetterServers),
            "Kafka:DeadLetterProperties:bootstrap.servers", "must list the dead-letter cluster's brokers (host:port, comma-separated), or be left out to use Kafka:BootstrapServers.");
        foreach (var (section, properties) in new[] { ("Properties", options.Properties), ("DeadLetterProperties", options.DeadLetterProperties) })
        {
            foreach (var size in new[] { "max.partition.fetch.bytes", "fetch.max.bytes", DeadLetterProducerLimit.Property })
            {
                errors.Require(!properties.TryGetValue(size, out var text) || (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes is >= 1_000 and <= DeadLetterProducerLimit.LibrdkafkaMaximum),
                    $"Kafka:{section}:{size}", $"must be a whole number of bytes between 1000 and {DeadLetterProducerLimit.LibrdkafkaMaximum} (got '{text}').");
            }
        }

        return errors.Result();
    }
}

internal sealed class ElasticsearchOptionsValidator(IOptions<StoreOptions> store) : IValidateOptions<Llama3Siem.Sinks.Elasticsearch.ElasticsearchStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, Llama3Siem.Sinks.Elasticsearch.ElasticsearchStoreOptions options)
    {
        if (store.Value.Kind != StoreKinds.Elasticsearch)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new SettingErrors();
        var urls = options.Urls.Concat(options.Url is null ? [] : [options.Url]).ToList();
        errors.Require(urls.Count > 0, "Elasticsearch:Url", "must name the cluster (http(s)://host:9200), or Elasticsearch:Urls:0, :1, ... several nodes, when Store:Kind is 'elasticsearch'.");
        errors.Require(urls.All(u => u.IsAbsoluteUri && u.Scheme is "http" or "https"), "Elasticsearch:Url", "must be absolute http or https URLs.");
        errors.Require(string.IsNullOrEmpty(options.ApiKey) || string.IsNullOrEmpty(options.Username), "Elasticsearch:ApiKey", "and Elasticsearch:Username are alternatives: set one.");
        errors.Require(string.IsNullOrEmpty(options.Username) == string.IsNullOrEmpty(options.Password), "Elasticsearch:Password", "must be set together with Elasticsearch:Username.");
        errors.Require(!string.IsNullOrWhiteSpace(options.IndexPrefix) && !options.IndexPrefix.Any(char.IsUpper), "Elasticsearch:IndexPrefix", $"must be a lower-case index name prefix (got '{options.IndexPrefix}').");
        errors.Require(options.RequestTimeout > TimeSpan.Zero && options.RequestTimeout <= TimeSpan.FromMinutes(10), "Elasticsearch:RequestTimeout", $"must be between 0 and 00:10:00 (got {options.RequestTimeout}).");
        errors.Require(options.BulkMaxDocuments is >= 1 and <= 100_000, "Elasticsearch:BulkMaxDocuments", $"must be between 1 and 100000 (got {options.BulkMaxDocuments}).");
        errors.Require(options.MaxRetries is >= 0 and <= 100, "Elasticsearch:MaxRetries", $"must be between 0 and 100 (got {options.MaxRetries}).");
        errors.Require(options.CertificateAuthorityPath is null || File.Exists(options.CertificateAuthorityPath), "Elasticsearch:CertificateAuthorityPath", $"names a file that does not exist: '{options.CertificateAuthorityPath}'.");
        return errors.Result();
    }
}

internal sealed class KnowledgeOptionsValidator : IValidateOptions<KnowledgeOptions>
{
    public ValidateOptionsResult Validate(string? name, KnowledgeOptions options)
    {
        var errors = new SettingErrors();
        if (!string.IsNullOrWhiteSpace(options.Path))
        {
            errors.Require(Directory.Exists(options.Path), "Knowledge:Path", $"names a folder that does not exist: '{options.Path}'.");
            foreach (var table in new[] { "attack-techniques.tsv", "nist-controls.tsv", "technique-controls.tsv" })
            {
                errors.Require(!Directory.Exists(options.Path) || File.Exists(System.IO.Path.Combine(options.Path, table)),
                    "Knowledge:Path", $"has no {table} (write the folder with 'kb import').");
            }
        }

        return errors.Result();
    }
}

internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var errors = new SettingErrors();
        errors.Require(options.MaxRequestBytes is >= 1024 and <= 16 * 1024 * 1024, "Api:MaxRequestBytes", $"must be between 1024 and 16777216 (got {options.MaxRequestBytes}).");
        errors.Require(options.RequestsPerMinute is >= 1 and <= 100_000, "Api:RequestsPerMinute", $"must be between 1 and 100000 (got {options.RequestsPerMinute}).");
        errors.Require(options.MaxPageSize is >= 1 and <= 10_000, "Api:MaxPageSize", $"must be between 1 and 10000 (got {options.MaxPageSize}).");
        return errors.Result();
    }
}

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public const int MinimumKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new SettingErrors();
        var jwt = options.Jwt;
        if (jwt.Enabled)
        {
            errors.Require(!string.IsNullOrWhiteSpace(jwt.Issuer), "Auth:Jwt:Issuer", "must be set when JWT authentication is configured.");
            errors.Require(!string.IsNullOrWhiteSpace(jwt.Audience), "Auth:Jwt:Audience", "must be set when JWT authentication is configured.");
            var keyBytes = Base64Length(jwt.SigningKey);
            errors.Require(keyBytes >= MinimumKeyBytes, "Auth:Jwt:SigningKey",
                keyBytes < 0 ? "must be base64 (it is not)." : $"must be the base64 of at least {MinimumKeyBytes} bytes (got {keyBytes}).");
            errors.Require(!string.IsNullOrWhiteSpace(jwt.RoleClaim), "Auth:Jwt:RoleClaim", "must name the claim that holds roles.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var setting = $"Auth:ApiKeys:{i}";
            errors.Require(!string.IsNullOrWhiteSpace(key.Name), $"{setting}:Name", "must name who uses the key.");
            errors.Require(key.Name is null || names.Add(key.Name), $"{setting}:Name", $"must be unique ('{key.Name}' is used twice).");
            // The key itself is a secret: its length is reported, never its value.
            errors.Require(key.Key is { Length: >= MinimumKeyBytes }, $"{setting}:Key", $"must be at least {MinimumKeyBytes} characters (got {key.Key?.Length ?? 0}).");
            errors.Require(key.Roles.Count > 0 && key.Roles.All(ApiRoles.Known.Contains), $"{setting}:Roles",
                $"must list roles among {string.Join(", ", ApiRoles.Known)} (got '{string.Join(",", key.Roles)}').");
        }

        errors.Require(!string.IsNullOrWhiteSpace(options.GeneratedKeyPath), "Auth:GeneratedKeyPath", "must be a file path.");
        var failed = options.FailedAttempts;
        errors.Require(failed.Limit is >= 1 and <= 10_000, "Auth:FailedAttempts:Limit", $"must be between 1 and 10000 (got {failed.Limit}).");
        errors.Require(failed.Window >= TimeSpan.FromSeconds(1) && failed.Window <= TimeSpan.FromDays(1),
            "Auth:FailedAttempts:Window", $"must be between 00:00:01 and 1.00:00:00 (got {failed.Window}).");
        errors.Require(failed.MaxAddresses is >= 1 and <= 1_000_000, "Auth:FailedAttempts:MaxAddresses", $"must be between 1 and 1000000 (got {failed.MaxAddresses}).");
        return errors.Result();
    }

    private static int Base64Length(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? written : -1;
    }
}
