using System.Security.Cryptography.X509Certificates;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>
/// What each Elasticsearch store holds: one client (thread-safe, with its connection pool), the raw requests with
/// retries and backoff, and the start-up setup, all made from the validated <see cref="ElasticsearchStoreOptions"/>.
/// Disposing it releases the client's connections when the store made the settings itself.
/// </summary>
internal sealed class ElasticsearchConnection : IDisposable
{
    private readonly ElasticsearchClientSettings _settings;
    private readonly bool _ownsSettings;
    private volatile bool _disposed;

    /// <param name="settings">Null: made from the options, and owned (disposed) by this connection.</param>
    public ElasticsearchConnection(
        ElasticsearchStoreOptions options,
        ElasticsearchClientSettings? settings,
        ILogger logger,
        TimeProvider? timeProvider,
        Func<double>? random)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        _ownsSettings = settings is null;
        _settings = settings ?? CreateSettings(options);
        Client = new ElasticsearchClient(_settings);
        Requests = new ElasticsearchRequests(
            Client,
            new RetryBackoff(options.RetryBaseDelay, options.RetryMaxDelay, random),
            options.MaxRetries,
            timeProvider ?? TimeProvider.System,
            logger);
        Setup = new ElasticsearchIndexSetup(Client, Requests, logger);
    }

    public ElasticsearchClient Client { get; }

    public ElasticsearchRequests Requests { get; }

    public ElasticsearchIndexSetup Setup { get; }

    public bool IsDisposed => _disposed;

    /// <summary>Throws when <paramref name="store"/> is disposed or its <c>InitializeAsync</c> has not completed.</summary>
    public void ThrowIfNotReady(bool initialized, object store)
    {
        ObjectDisposedException.ThrowIf(_disposed, store);
        if (!initialized)
        {
            throw new InvalidOperationException($"{store.GetType().Name}.InitializeAsync must complete before the store is used.");
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (_ownsSettings)
            {
                ((IDisposable)_settings).Dispose();
            }
        }
    }

    /// <summary>Refuses options no store can work with.</summary>
    private static void Validate(ElasticsearchStoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.IndexPrefix) || options.IndexPrefix.Any(c => char.IsUpper(c) || char.IsWhiteSpace(c) || c is '/' or '\\' or '*' or '?' or '"' or '<' or '>' or '|' or ',' or '#' or ':'))
        {
            throw new ArgumentException("Elasticsearch:IndexPrefix must be a lowercase index name part.", nameof(options));
        }

        if (options.BulkMaxDocuments < 1 || options.BulkMaxBytes < 1 || options.MaxRetries < 0)
        {
            throw new ArgumentException("Elasticsearch bulk limits must be positive and MaxRetries not negative.", nameof(options));
        }
    }

    /// <summary>The client settings the options describe: nodes, authentication, TLS pinning.</summary>
    private static ElasticsearchClientSettings CreateSettings(ElasticsearchStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var nodes = options.Nodes();
        if (nodes.Count == 0)
        {
            throw new ArgumentException("The Elasticsearch store needs Elasticsearch:Url or Elasticsearch:Urls.", nameof(options));
        }

        NodePool pool = nodes.Count == 1 ? new SingleNodePool(nodes[0]) : new StaticNodePool(nodes);
        var settings = new ElasticsearchClientSettings(pool).RequestTimeout(options.RequestTimeout);
        if (!string.IsNullOrWhiteSpace(options.ApiKey))
        {
            settings = settings.Authentication(new ApiKey(options.ApiKey));
        }
        else if (!string.IsNullOrWhiteSpace(options.Username))
        {
            settings = settings.Authentication(new BasicAuthentication(options.Username, options.Password ?? string.Empty));
        }

        if (!string.IsNullOrWhiteSpace(options.CertificateFingerprint))
        {
            settings = settings.CertificateFingerprint(options.CertificateFingerprint);
        }
        else if (!string.IsNullOrWhiteSpace(options.CertificateAuthorityPath))
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(options.CertificateAuthorityPath);
            settings = settings.ServerCertificateValidationCallback(CertificateValidations.AuthorityIsRoot(authority));
        }

        return settings;
    }
}
