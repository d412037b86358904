using System.Text.Json;
using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Microsoft.Extensions.Logging;
using TransportMethod = Elastic.Transport.HttpMethod;

namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>
/// What a store installs at start-up: templates (put only when missing or older than ours) and a concrete index
/// behind its alias (created only when the alias is missing). Every step is idempotent and safe when several
/// workers start at once, so each store's <c>InitializeAsync</c> can simply run it.
/// </summary>
internal sealed class ElasticsearchIndexSetup(ElasticsearchClient client, ElasticsearchRequests requests, ILogger logger)
{
    /// <returns>Whether the template was put (missing or older than ours).</returns>
    public Task<bool> EnsureComponentTemplateAsync(string name, JsonObject template, CancellationToken cancellationToken) =>
        EnsureTemplateAsync("_component_template", name, "component_templates", "component_template", template, cancellationToken);

    public Task<bool> EnsureIndexTemplateAsync(string name, JsonObject template, CancellationToken cancellationToken) =>
        EnsureTemplateAsync("_index_template", name, "index_templates", "index_template", template, cancellationToken);

    /// <summary>Creates <paramref name="index"/> with <paramref name="alias"/> as its write alias, unless the alias exists.</summary>
    /// <returns>False when the alias already existed: its index was made from the templates installed back then.</returns>
    public async Task<bool> EnsureIndexAsync(string index, string alias, CancellationToken cancellationToken)
    {
        // A typed call on purpose: the client's product check (X-Elastic-Product) runs in its typed API, not in
        // the raw transport the rest uses, so start-up refuses a server that is not Elasticsearch 9.
        for (var retry = 0; ; retry++)
        {
            var exists = await client.Indices.ExistsAsync(alias, cancellationToken);
            var call = new ElasticsearchCall(exists.ApiCallDetails.HttpStatusCode, string.Empty, exists.ApiCallDetails.OriginalException);
            if (call.Succeeded)
            {
                return false;
            }

            if (call.Status == 404)
            {
                break;
            }

            if (!call.IsTransient)
            {
                throw ElasticsearchRequests.Refused(call, "check index");
            }

            await requests.WaitBeforeRetryAsync(call, "check index", retry, cancellationToken);
        }

        var body = new JsonObject
        {
            ["aliases"] = new JsonObject { [alias] = new JsonObject { ["is_write_index"] = true } },
        };
        var created = await requests.SendAsync(TransportMethod.PUT, $"/{index}", body.ToJsonString(), "create index", cancellationToken);
        if (created.Succeeded)
        {
            ElasticsearchStoreLog.IndexCreated(logger, index, alias);
        }
        else if (!(created.Status == 400
            && string.Equals(ElasticsearchRequests.ErrorType(created.Body), "resource_already_exists_exception", StringComparison.Ordinal)))
        {
            // Another worker creating it at the same moment is fine; anything else is not.
            throw ElasticsearchRequests.Refused(created, "create index");
        }

        return true;
    }

    /// <summary>
    /// Puts <paramref name="mappings"/> on the existing indices behind <paramref name="alias"/>. A template applies
    /// only to indices created after it, and a <c>dynamic: strict</c> index refuses every document with a field it
    /// lacks; Elasticsearch merges new fields into a live mapping (and refuses a changed one), so additive template
    /// versions reach the index this way without a reindex.
    /// </summary>
    public async Task PutMappingAsync(string alias, JsonObject mappings, CancellationToken cancellationToken)
    {
        var put = await requests.SendAsync(TransportMethod.PUT, $"/{alias}/_mapping", mappings.ToJsonString(), "put mapping", cancellationToken);
        if (!put.Succeeded)
        {
            throw ElasticsearchRequests.Refused(put, "put mapping");
        }

        ElasticsearchStoreLog.MappingUpdated(logger, alias);
    }

    private async Task<bool> EnsureTemplateAsync(
        string api, string name, string listField, string itemField, JsonObject template, CancellationToken cancellationToken)
    {
        var path = $"/{api}/{name}";
        var version = IncidentTemplates.VersionOf(template);
        var existing = await requests.SendAsync(TransportMethod.GET, path, null, "get template", cancellationToken);
        if (existing.Succeeded && InstalledVersion(existing, listField, itemField) >= version)
        {
            return false;
        }

        if (!existing.Succeeded && existing.Status != 404)
        {
            throw ElasticsearchRequests.Refused(existing, "get template");
        }

        var put = await requests.SendAsync(TransportMethod.PUT, path, template.ToJsonString(), "put template", cancellationToken);
        if (!put.Succeeded)
        {
            throw ElasticsearchRequests.Refused(put, "put template");
        }

        ElasticsearchStoreLog.TemplateInstalled(logger, name, version);
        return true;
    }

    private static long InstalledVersion(ElasticsearchCall call, string listField, string itemField)
    {
        using var document = call.ParseBody("get template");
        if (document.RootElement.TryGetProperty(listField, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in list.EnumerateArray())
            {
                if (entry.TryGetProperty(itemField, out var template)
                    && template.TryGetProperty("version", out var version)
                    && version.TryGetInt64(out var number))
                {
                    return number;
                }
            }
        }

        return 0;
    }
}
