using System.ComponentModel.DataAnnotations;

namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>The Elasticsearch incident store, bound from configuration section <c>Elasticsearch</c>.</summary>
public sealed class ElasticsearchStoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Elasticsearch";

    /// <summary>One node's address, e.g. <c>https://es.example:9200</c>. Used when <see cref="Urls"/> is empty.</summary>
    public Uri? Url { get; set; }

    /// <summary>Several nodes of one cluster; requests rotate over them and fail over when one is down.</summary>
    public IList<Uri> Urls { get; init; } = [];

    /// <summary>An API key as Elasticsearch returns it encoded (the <c>encoded</c> field). Wins over basic auth.</summary>
    public string? ApiKey { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// SHA-256 fingerprint of the cluster's CA (or HTTP) certificate, hex with or without colons, as printed by
    /// Elasticsearch on first start. Pins the certificate without installing the CA.
    /// </summary>
    public string? CertificateFingerprint { get; set; }

    /// <summary>A PEM or DER file with the CA that signed the cluster's HTTP certificate.</summary>
    public string? CertificateAuthorityPath { get; set; }

    /// <summary>First part of every template, index and alias name: <c>{prefix}-incidents</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9_.-]*$")]
    public string IndexPrefix { get; set; } = "llama3siem";

    /// <summary>How long one HTTP request may take before it counts as a transport error (and is retried).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most documents in one bulk request.</summary>
    [Range(1, 10_000)]
    public int BulkMaxDocuments { get; set; } = 500;

    /// <summary>Most bytes of NDJSON in one bulk request (a single larger document still goes alone).</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public int BulkMaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Retries of a request or of bulk items answered 429, 5xx or not at all, before the call fails.</summary>
    [Range(0, 30)]
    public int MaxRetries { get; set; } = 8;

    /// <summary>The first retry's delay; each further retry doubles it (with jitter), up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between two tries.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The nodes to use: <see cref="Urls"/> when given, else <see cref="Url"/>.</summary>
    internal IReadOnlyList<Uri> Nodes() =>
        Urls.Count > 0 ? [.. Urls] : Url is { } url ? [url] : [];
}
